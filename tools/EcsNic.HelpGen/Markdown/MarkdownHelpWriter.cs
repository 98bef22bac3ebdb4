using System.Collections.Generic;
using System.Text;
using EcsNic.HelpGen.Model;

namespace EcsNic.HelpGen.Markdown;

/// <summary>
/// Writes a <see cref="CommandHelp"/> as a platyPS (schema 2.0.0) page in one canonical layout, so that reading a page
/// and writing it back gives the same text.
/// </summary>
public static class MarkdownHelpWriter
{
    /// <summary>The text of the CommonParameters section; the reader ignores what a page has there.</summary>
    public const string CommonParametersText =
        "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, " +
        "-InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and " +
        "-WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";

    public static string Write(CommandHelp help)
    {
        var text = new StringBuilder();
        void Line(string value = "") => text.Append(value).Append('\n');

        void ProseSection(string heading, string prose)
        {
            Line(heading);
            if (prose.Length > 0) Line(prose);
            Line();
        }

        if (help.FrontMatter.Count > 0)
        {
            Line("---");
            foreach (var pair in help.FrontMatter) Line(pair.Value.Length == 0 ? pair.Key + ":" : $"{pair.Key}: {pair.Value}");
            Line("---");
            Line();
        }
        Line("# " + help.Name);
        Line();
        ProseSection("## SYNOPSIS", help.Synopsis);

        Line("## SYNTAX");
        Line();
        foreach (var syntax in help.Syntax)
        {
            if (syntax.SetName is not null) Line($"### {syntax.SetName}{(syntax.IsDefault ? " (Default)" : string.Empty)}");
            Line("```");
            Line(syntax.Text);
            Line("```");
            Line();
        }

        ProseSection("## DESCRIPTION", help.Description);

        Line("## EXAMPLES");
        Line();
        foreach (var example in help.Examples)
        {
            Line("### " + example.Title);
            Line();
            if (example.Introduction.Length > 0)
            {
                Line(example.Introduction);
                Line();
            }
            foreach (var code in example.Code)
            {
                Line("```" + code.Language);
                Line(code.Text);
                Line("```");
                Line();
            }
            if (example.Remarks.Length > 0)
            {
                Line(example.Remarks);
                Line();
            }
        }

        Line("## PARAMETERS");
        Line();
        foreach (var parameter in help.Parameters)
        {
            Line("### -" + parameter.Name);
            if (parameter.Description.Length > 0) Line(parameter.Description);
            Line();
            foreach (var block in parameter.Blocks)
            {
                Line("```yaml");
                Line(Yaml("Type", block.Type));
                Line(Yaml("Parameter Sets", block.ParameterSets));
                Line(Yaml("Aliases", block.Aliases));
                Line();
                Line(Yaml("Required", block.Required));
                Line(Yaml("Position", block.Position));
                Line(Yaml("Default value", block.DefaultValue));
                Line(Yaml("Accept pipeline input", block.AcceptPipelineInput));
                Line(Yaml("Accept wildcard characters", block.AcceptWildcardCharacters));
                Line("```");
                Line();
            }
        }
        if (help.CommonParameters)
        {
            Line("### CommonParameters");
            Line(CommonParametersText);
            Line();
        }

        TypeSection("## INPUTS", help.Inputs);
        TypeSection("## OUTPUTS", help.Outputs);
        ProseSection("## NOTES", help.Notes);

        Line("## RELATED LINKS");
        foreach (var link in help.RelatedLinks)
        {
            Line();
            Line($"[{link.Text}]({link.Uri})");
        }
        return text.ToString();

        void TypeSection(string heading, List<TypeHelp> types)
        {
            Line(heading);
            Line();
            foreach (var type in types)
            {
                Line("### " + type.TypeName);
                if (type.Description.Length > 0) Line(type.Description);
                Line();
            }
        }
    }

    private static string Yaml(string key, string value) => value.Length == 0 ? key + ":" : $"{key}: {value}";
}
