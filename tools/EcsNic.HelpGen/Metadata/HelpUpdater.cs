using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsNic.HelpGen.Model;

namespace EcsNic.HelpGen.Metadata;

/// <summary>
/// Makes a help page agree with the cmdlet's metadata. What the metadata knows is always rewritten from it: the front
/// matter, the syntax of every parameter set, the list and order of parameters and each one's Type, Parameter Sets,
/// Aliases, Required, Position, Accept pipeline input and Accept wildcard characters, and the INPUTS and OUTPUTS types.
/// What only a person knows is kept from the page: the prose, the examples, the notes, the links and each parameter's
/// Default value (property initialisers are not in the metadata). New things start from the XML doc comment, or a
/// "{{ ... }}" placeholder that the tests reject.
/// </summary>
public static class HelpUpdater
{
    public const string ExternalHelpFile = "EcsNic.dll-Help.xml";
    public const string ModuleName = "EcsNic";
    public const string OnlineBase = "https://github.com/ecsnic/EcsNic/blob/main/docs/en-US/";
    public const string PlaceholderStart = "{{";

    private const string WhatIfText = "Shows what would happen if the cmdlet runs. The cmdlet is not run.";
    private const string ConfirmText = "Prompts you for confirmation before running the cmdlet.";
    private const string SwitchType = "System.Management.Automation.SwitchParameter";

    public static CommandHelp Update(CmdletFacts facts, CommandHelp? existing, XmlDocs docs)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(docs);
        var help = new CommandHelp(facts.Name);
        help.FrontMatter.Add(new("external help file", ExternalHelpFile));
        help.FrontMatter.Add(new("Module Name", ModuleName));
        help.FrontMatter.Add(new("online version", OnlineBase + facts.Name + ".md"));
        help.FrontMatter.Add(new("schema", "2.0.0"));

        help.Synopsis = Pick(existing?.Synopsis, FirstSentence(docs.Type(facts.TypeFullName)), "{{ Fill in the Synopsis }}");
        foreach (var set in facts.ParameterSets)
            help.Syntax.Add(new SyntaxHelp(set, set is not null && facts.ParameterSets.Count > 1 && set == facts.DefaultSet, SyntaxLine(facts, set)));
        help.Description = Pick(existing?.Description, docs.Type(facts.TypeFullName), "{{ Fill in the Description }}");

        if (existing is { Examples.Count: > 0 })
        {
            help.Examples.AddRange(existing.Examples);
        }
        else
        {
            var example = new ExampleHelp("Example 1: {{ Add example title here }}");
            example.Code.Add(new CodeBlock("powershell", "{{ Add example code here }}"));
            example.Remarks = "{{ Add example description here }}";
            help.Examples.Add(example);
        }

        foreach (var parameter in facts.Parameters)
        {
            var old = existing?.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            var page = new ParameterHelp(parameter.Name)
            {
                Description = Pick(old?.Description, docs.Property(parameter.DeclaringType, parameter.Name), "{{ Fill " + parameter.Name + " Description }}"),
            };
            foreach (var block in Blocks(facts, parameter))
            {
                var previous = old?.Blocks.FirstOrDefault(b => b.ParameterSets == block.ParameterSets) ?? old?.Blocks.FirstOrDefault();
                if (previous is not null && previous.DefaultValue.Length > 0) block.DefaultValue = previous.DefaultValue;
                page.Blocks.Add(block);
            }
            help.Parameters.Add(page);
        }
        if (facts.SupportsShouldProcess)
        {
            help.Parameters.Add(ShouldProcessParameter(existing, "Confirm", "cf", ConfirmText));
            help.Parameters.Add(ShouldProcessParameter(existing, "WhatIf", "wi", WhatIfText));
        }
        help.CommonParameters = true;

        var inputs = facts.Parameters.Where(p => p.Declarations.Any(d => d.ByValue || d.ByPropertyName))
            .Select(p => p.TypeFullName).Distinct(StringComparer.Ordinal).ToList();
        if (inputs.Count == 0) inputs.Add("None");
        foreach (var type in inputs)
            help.Inputs.Add(new TypeHelp(type) { Description = Described(existing?.Inputs, type) });
        foreach (var type in facts.OutputTypes.Distinct(StringComparer.Ordinal))
            help.Outputs.Add(new TypeHelp(type) { Description = Described(existing?.Outputs, type) });

        help.Notes = existing?.Notes ?? string.Empty;
        if (existing is not null) help.RelatedLinks.AddRange(existing.RelatedLinks);
        return help;
    }

    /// <summary>The one-line syntax of a parameter set, in the order PowerShell shows it: positional, then named.</summary>
    public static string SyntaxLine(CmdletFacts facts, string? set)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var members = facts.Parameters.Where(p => p.InSet(set)).Select(p => (Parameter: p, Declaration: p.For(set)!)).ToList();
        var ordered = members.Where(m => m.Declaration.Position is not null).OrderBy(m => m.Declaration.Position)
            .Concat(members.Where(m => m.Declaration.Position is null));
        var tokens = new List<string> { facts.Name };
        foreach (var (parameter, declaration) in ordered)
        {
            var name = declaration.Position is null ? "-" + parameter.Name : $"[-{parameter.Name}]";
            var value = parameter.IsSwitch ? string.Empty : $" <{parameter.TypeName}>";
            tokens.Add(declaration.Mandatory ? name + value : $"[{name}{value}]");
        }
        if (facts.SupportsShouldProcess)
        {
            tokens.Add("[-WhatIf]");
            tokens.Add("[-Confirm]");
        }
        tokens.Add("[<CommonParameters>]");
        return string.Join(" ", tokens);
    }

    /// <summary>The yaml blocks of a parameter: one per distinct way it is declared, with the sets that share it.</summary>
    public static IReadOnlyList<ParameterBlock> Blocks(CmdletFacts facts, ParameterFacts parameter)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(parameter);
        var setOrder = facts.ParameterSets.Where(s => s is not null).Select(s => s!).ToList();
        return parameter.Declarations
            .GroupBy(d => (d.Mandatory, d.Position, d.ByValue, d.ByPropertyName))
            .Select(group => new ParameterBlock
            {
                Type = parameter.TypeFullName,
                ParameterSets = group.Any(d => d.SetName == CmdletMetadata.AllSets)
                    ? ParameterSetNames.All
                    : string.Join(", ", group.Select(d => d.SetName).OrderBy(s => setOrder.IndexOf(s))),
                Aliases = string.Join(", ", parameter.Aliases),
                Required = group.Key.Mandatory ? "True" : "False",
                Position = group.Key.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named",
                DefaultValue = parameter.IsSwitch ? "False" : "None",
                AcceptPipelineInput = Pipeline(group.Key.ByValue, group.Key.ByPropertyName),
                AcceptWildcardCharacters = parameter.SupportsWildcards ? "True" : "False",
            })
            .ToArray();
    }

    private static ParameterHelp ShouldProcessParameter(CommandHelp? existing, string name, string alias, string text)
    {
        var old = existing?.Parameters.FirstOrDefault(p => p.Name == name);
        var page = new ParameterHelp(name) { Description = Pick(old?.Description, null, text) };
        page.Blocks.Add(new ParameterBlock
        {
            Type = SwitchType,
            ParameterSets = ParameterSetNames.All,
            Aliases = alias,
            Required = "False",
            Position = "Named",
            DefaultValue = "False",
            AcceptPipelineInput = "False",
            AcceptWildcardCharacters = "False",
        });
        return page;
    }

    private static string Pipeline(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (false, true) => "True (ByPropertyName)",
        (true, false) => "True (ByValue)",
        _ => "False",
    };

    private static string Described(IEnumerable<TypeHelp>? types, string typeName) =>
        types?.FirstOrDefault(t => t.TypeName == typeName)?.Description ?? string.Empty;

    private static string Pick(string? existing, string? fromDocs, string placeholder) =>
        !string.IsNullOrWhiteSpace(existing) ? existing! : !string.IsNullOrWhiteSpace(fromDocs) ? fromDocs! : placeholder;

    private static string? FirstSentence(string? text)
    {
        if (text is null) return null;
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }
}
