using System.Linq;
using System.Xml.Linq;
using EcsNic.HelpGen.Markdown;
using EcsNic.HelpGen.Model;
using EcsNic.HelpGen.Output;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>The help compiler on small pages of its own: markdown reading, inline text, the MAML and the about text.</summary>
public sealed class HelpCompilerTests
{
    private const string Page = """
        ---
        external help file: EcsNic.dll-Help.xml
        Module Name: EcsNic
        online version: https://example.test/Get-Thing.md
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets **things** with `-Name`.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Thing [-Name] <String> [-Force] [<CommonParameters>]
        ```

        ### ById
        ```
        Get-Thing -Id <Int32> [<CommonParameters>]
        ```

        ## DESCRIPTION
        First paragraph,
        on two lines.

        - an item
          continued
        - see [about_Thing](about_Thing.md) and [the site](https://example.test/)

        ## EXAMPLES

        ### Example 1: Get one

        ```powershell
        Get-Thing -Name a
        ```

        It gets `a`.

        ## PARAMETERS

        ### -Name
        The name.

        ```yaml
        Type: System.String
        Parameter Sets: ByName
        Aliases: n, nm

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Force
        Force it.

        ```yaml
        Type: System.Management.Automation.SwitchParameter
        Parameter Sets: ByName
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Id
        The ID.

        ```yaml
        Type: System.Int32
        Parameter Sets: ById
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName, ByValue)
        Accept wildcard characters: False
        ```

        ### CommonParameters
        Anything.

        ## INPUTS

        ### System.String
        Names.

        ## OUTPUTS

        ### Thing
        Things.

        ## NOTES
        A note.

        ## RELATED LINKS

        [about_Thing](about_Thing.md)
        """;

    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    [Fact]
    public void A_page_reads_into_its_parts()
    {
        var help = MarkdownHelpReader.Read(Page, "Get-Thing.md");
        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal(("Get", "Thing"), (help.Verb, help.Noun));
        Assert.Equal(new[] { "ByName", "ById" }, help.Syntax.Select(s => s.SetName));
        Assert.True(help.Syntax[0].IsDefault);
        Assert.Equal(new[] { "Name", "Force", "Id" }, help.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { "n", "nm" }, help.Parameters[0].Blocks.Single().AliasNames);
        Assert.True(help.Parameters[2].Blocks.Single().ByValue);
        Assert.True(help.CommonParameters);
        Assert.Equal("https://example.test/Get-Thing.md", help.Front("online version"));
        Assert.Equal("about_Thing.md", help.RelatedLinks.Single().Uri);
    }

    [Fact]
    public void Writing_a_page_back_changes_only_the_common_parameters_text()
    {
        var text = MarkdownHelpWriter.Write(MarkdownHelpReader.Read(Page, "Get-Thing.md"));
        Assert.Equal(Page.Replace("Anything.", MarkdownHelpWriter.CommonParametersText) + "\n", text);
    }

    [Theory]
    [InlineData("## SYNOPSIS\nx\n\n## WHATEVER\n", "unknown section")]
    [InlineData("## PARAMETERS\n\n### Name\nx\n", "must be '### -Name'")]
    [InlineData("## EXAMPLES\n\n### Example 1: none\nNo code.\n", "has no code")]
    [InlineData("## PARAMETERS\n\n### -Name\nx\n\n```yaml\nType: System.String\nColour: blue\n```\n", "unknown yaml line")]
    [InlineData("## PARAMETERS\n\n### -Name\nx\n\n```yaml\nType: System.String\n```\n", "lacks Parameter Sets")]
    [InlineData("## DESCRIPTION\n```\nnever closed\n", "not closed")]
    public void A_malformed_page_is_refused_with_its_file_and_line(string body, string problem)
    {
        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.Read("# Get-Thing\n\n" + body, "pages/Get-Thing.md"));
        Assert.StartsWith("pages/Get-Thing.md(", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Theory]
    [InlineData("Use **bold** and `code`.", "Use bold and code.")]
    [InlineData("Keep `**not bold**` and `a\\_b` as written.", "Keep **not bold** and a\\_b as written.")]
    [InlineData("See [the page](Get-Thing.md) or [the site](https://example.test/x).", "See the page or the site (https://example.test/x).")]
    [InlineData("An escaped \\* star and \\_underscore\\_.", "An escaped * star and _underscore_.")]
    public void Inline_markup_becomes_plain_text(string markdown, string text)
    {
        Assert.Equal(text, MarkdownBlocks.Inline(markdown));
    }

    [Fact]
    public void The_maml_has_the_shape_get_help_reads()
    {
        var document = MamlWriter.Build(new[] { MarkdownHelpReader.Read(Page, "Get-Thing.md") });
        var root = document.Root!;
        Assert.Equal(MamlWriter.Msh + "helpItems", root.Name);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        var command = root.Element(Command + "command")!;
        var details = command.Element(Command + "details")!;
        Assert.Equal("Get-Thing", details.Element(Command + "name")!.Value);
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("Thing", details.Element(Command + "noun")!.Value);
        Assert.Equal("Gets things with -Name.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);

        var paragraphs = command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value).ToArray();
        Assert.Equal(new[] { "First paragraph, on two lines.", "- an item continued", "- see about_Thing and the site (https://example.test/)" }, paragraphs);

        var items = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();
        Assert.Equal(new[] { "Name,Force", "Id" }, items.Select(i => string.Join(",", i.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value))));

        var name = command.Element(Command + "parameters")!.Elements(Command + "parameter").First();
        Assert.Equal(("true", "0", "True (ByPropertyName)", "n, nm", "false"),
            ((string?)name.Attribute("required"), (string?)name.Attribute("position"), (string?)name.Attribute("pipelineInput"),
             (string?)name.Attribute("aliases"), (string?)name.Attribute("globbing")));
        Assert.Equal("String", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("System.String", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        var force = command.Element(Command + "parameters")!.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Force");
        Assert.Null(force.Element(Command + "parameterValue"));
        Assert.Equal(("named", "none"), ((string?)force.Attribute("position"), (string?)force.Attribute("aliases")));

        var example = command.Element(Command + "examples")!.Element(Command + "example")!;
        Assert.Contains("Example 1: Get one", example.Element(Maml + "title")!.Value);
        Assert.Equal("Get-Thing -Name a", example.Element(Dev + "code")!.Value);
        Assert.Equal("It gets a.", example.Element(Dev + "remarks")!.Element(Maml + "para")!.Value);

        Assert.Equal("System.String", command.Element(Command + "inputTypes")!.Element(Command + "inputType")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Thing", command.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("A note.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);
        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").ToArray();
        Assert.Equal(("Online Version:", "https://example.test/Get-Thing.md"), (links[0].Element(Maml + "linkText")!.Value, links[0].Element(Maml + "uri")!.Value));
        Assert.Equal(("about_Thing", string.Empty), (links[1].Element(Maml + "linkText")!.Value, links[1].Element(Maml + "uri")!.Value));
    }

    [Fact]
    public void A_parameter_without_its_yaml_block_stops_the_maml()
    {
        var help = MarkdownHelpReader.Read("# Get-Thing\n\n## PARAMETERS\n\n### -Name\nThe name.\n", "Get-Thing.md");
        var ex = Assert.Throws<HelpFormatException>(() => MamlWriter.Build(new[] { help }));
        Assert.Contains("-Name has no yaml block", ex.Message);
    }

    [Fact]
    public void The_about_text_puts_the_short_description_on_line_five_and_wraps_at_80_columns()
    {
        var about = new AboutHelp("about_Thing", """
            ## Short description
            Explains things.

            ## Long description
            A long paragraph that goes on and on, well past the eighty columns of a console, so that it must be wrapped onto more lines.

            - A list item that is also quite long, long enough to need a second line in the about text.

            ```powershell
            Get-Thing -Name a
            ```

            ### A subsection
            | Name | Meaning |
            |---|---|
            | a | first |
            """);
        var lines = AboutTextWriter.Write(about).Split('\n');
        Assert.Equal(new[] { "TOPIC", "    about_Thing", string.Empty, "SHORT DESCRIPTION", "    Explains things." }, lines.Take(5));
        Assert.All(lines, l => Assert.True(l.Length <= AboutTextWriter.Width, l));
        Assert.Contains("LONG DESCRIPTION", lines);
        Assert.Contains("    - A list item that is also quite long, long enough to need a second line in", lines);
        Assert.Contains("      the about text.", lines);
        Assert.Contains("        Get-Thing -Name a", lines);
        Assert.Contains("  A subsection", lines);
        Assert.Contains("    Name  Meaning", lines);
        Assert.Contains("    a     first", lines);
    }

    [Fact]
    public void An_about_topic_must_start_with_its_short_description()
    {
        Assert.Throws<HelpFormatException>(() => AboutTextWriter.Write(new AboutHelp("about_Thing", "## Long description\nx\n")));
    }
}
