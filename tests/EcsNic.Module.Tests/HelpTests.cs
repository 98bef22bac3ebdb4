using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using EcsNic.HelpGen;
using EcsNic.HelpGen.Markdown;
using EcsNic.HelpGen.Metadata;
using EcsNic.HelpGen.Output;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// The help: docs/en-US has one page per cmdlet and no other, every page agrees with EcsNic.dll's metadata, and the
/// MAML the build compiles from the pages has the shape Get-Help reads, with an entry for every cmdlet and parameter
/// that exists and for nothing that does not.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class HelpTests
{
    // The namespaces Get-Help's MAML reader expects (platyPS and PowerShell's own help use the same).
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly string[] ShouldProcessParameters = { "Confirm", "WhatIf" };

    private readonly ModuleMetadata _module;
    private readonly Lazy<CompiledHelp> _compiled = new(() => HelpCompiler.Compile(DocsDirectory));

    public HelpTests(ModuleMetadata module) => _module = module;

    private static string DocsDirectory => Path.Combine(ModuleLocator.RepoRoot, "docs", "en-US");

    private static string PagePath(string cmdlet) => Path.Combine(DocsDirectory, cmdlet + ".md");

    private XDocument Document => _compiled.Value.Maml;

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(DocsDirectory, "*-*.md").OrderBy(p => p, StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Fact]
    public void Every_cmdlet_has_a_page_and_every_page_a_cmdlet()
    {
        var pages = Directory.GetFiles(DocsDirectory, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.StartsWith("about_", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(_module.Cmdlets.Select(c => c.Name), pages);
        Assert.True(File.Exists(Path.Combine(DocsDirectory, "about_EcsNic.md")));
    }

    [Fact]
    public void The_help_tool_reads_the_same_cmdlets_and_parameters_as_these_tests()
    {
        var facts = CmdletMetadata.ReadCmdlets(_module.Module);
        Assert.Equal(_module.Cmdlets.Select(c => c.Name), facts.Select(f => f.Name));
        foreach (var cmdlet in _module.Cmdlets)
        {
            var fact = facts.Single(f => f.Name == cmdlet.Name);
            Assert.Equal(cmdlet.Parameters.Select(p => p.Name), fact.Parameters.Select(p => p.Name));
            Assert.Equal(cmdlet.SupportsShouldProcess, fact.SupportsShouldProcess);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_page_agrees_with_the_metadata(string name)
    {
        var facts = CmdletMetadata.ReadCmdlets(_module.Module).Single(f => f.Name == name);
        var path = PagePath(name);
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var expected = MarkdownHelpWriter.Write(HelpUpdater.Update(facts, MarkdownHelpReader.Read(text, path),
            XmlDocs.ForAssembly(Path.Combine(ModuleLocator.ModuleBuildDirectory, "EcsNic.dll"))));
        Assert.True(expected == text,
            $"{path} does not match EcsNic.dll (first difference at character {FirstDifference(expected, text)}). Update it with: " +
            "dotnet run --project tools/EcsNic.HelpGen -c Release -- markdown --module src/EcsNic/bin/Release/netstandard2.0/EcsNic.dll --docs docs/en-US");
    }

    [Fact]
    public void The_help_tools_markdown_command_finds_every_page_up_to_date()
    {
        // The command README.md gives for updating the pages, with --check: it writes nothing and fails on a stale page.
        var exitCode = EcsNic.HelpGen.Program.Main(new[]
        {
            "markdown", "--module", Path.Combine(ModuleLocator.ModuleBuildDirectory, "EcsNic.dll"), "--docs", DocsDirectory, "--check",
        });
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_page_is_written_out_with_examples(string name)
    {
        var path = PagePath(name);
        var text = File.ReadAllText(path);
        var help = MarkdownHelpReader.Read(text, path);
        Assert.DoesNotContain(HelpUpdater.PlaceholderStart, text);
        Assert.False(string.IsNullOrWhiteSpace(help.Synopsis), "no synopsis");
        Assert.False(string.IsNullOrWhiteSpace(help.Description), "no description");
        Assert.True(help.Examples.Count >= 3, $"{name} has {help.Examples.Count} examples; write at least three.");
        Assert.All(help.Examples, e =>
        {
            Assert.Matches(@"^Example \d+: \S", e.Title);
            Assert.All(e.Code, c => Assert.Equal("powershell", c.Language));
            Assert.False(string.IsNullOrWhiteSpace(e.Remarks), $"{e.Title} has no remarks");
        });
        Assert.All(help.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), $"-{p.Name} has no description"));
        Assert.All(help.Inputs.Concat(help.Outputs), t => Assert.False(string.IsNullOrWhiteSpace(t.Description), $"{t.TypeName} has no description"));
        Assert.NotEmpty(help.RelatedLinks);
        Assert.All(help.RelatedLinks.Where(l => !l.Uri.Contains("://", StringComparison.Ordinal)),
            l => Assert.True(File.Exists(Path.Combine(DocsDirectory, l.Uri)), $"link to {l.Uri}, which does not exist"));
    }

    [Fact]
    public void The_maml_root_is_helpItems_in_the_msh_namespace_with_the_maml_schema()
    {
        var root = Document.Root!;
        Assert.Equal(Msh + "helpItems", root.Name);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        Assert.All(root.Elements(), e => Assert.Equal(Command + "command", e.Name));
        var namespaces = Document.Descendants().Select(e => e.Name.Namespace).Distinct().ToArray();
        Assert.Equal(new[] { Msh, Maml, Command, Dev }.OrderBy(n => n.NamespaceName), namespaces.OrderBy(n => n.NamespaceName));
    }

    [Fact]
    public void The_maml_has_exactly_one_command_per_cmdlet()
    {
        var names = Document.Root!.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value);
        Assert.Equal(_module.Cmdlets.Select(c => c.Name), names);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_maml_command_has_details_and_description(string name)
    {
        var cmdlet = _module.Cmdlet(name);
        var command = CommandElement(name);
        var details = command.Element(Command + "details")!;
        Assert.Equal(cmdlet.Verb, details.Element(Command + "verb")!.Value);
        Assert.Equal(cmdlet.Noun, details.Element(Command + "noun")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(details.Element(Maml + "description")!.Element(Maml + "para")?.Value), "no synopsis");
        Assert.NotEmpty(command.Element(Maml + "description")!.Elements(Maml + "para"));
        Assert.Contains(command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink"),
            l => l.Element(Maml + "linkText")!.Value == "Online Version:" && l.Element(Maml + "uri")!.Value.StartsWith("https://", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_maml_documents_every_parameter_and_nothing_else(string name)
    {
        var cmdlet = _module.Cmdlet(name);
        var expected = Expected(cmdlet, cmdlet.Parameters.Select(p => p.Name));
        var parameters = CommandElement(name).Element(Command + "parameters")!.Elements(Command + "parameter").ToArray();
        Assert.Equal(expected, parameters.Select(p => p.Element(Maml + "name")!.Value).OrderBy(n => n, StringComparer.Ordinal));

        foreach (var element in parameters)
        {
            var parameterName = element.Element(Maml + "name")!.Value;
            Assert.NotEmpty(element.Element(Maml + "description")!.Elements(Maml + "para"));
            foreach (var attribute in new[] { "required", "position", "pipelineInput", "aliases", "globbing", "variableLength" })
                Assert.NotNull(element.Attribute(attribute));
            var typeName = element.Element(Dev + "type")!.Element(Maml + "name")!.Value;
            if (ShouldProcessParameters.Contains(parameterName))
            {
                Assert.Equal("System.Management.Automation.SwitchParameter", typeName);
                continue;
            }
            var parameter = cmdlet.Parameter(parameterName);
            // A parameter that takes pipeline input in some set is documented with that set's binding, as Get-Help shows it.
            var binding = parameter.Bindings.FirstOrDefault(b => b.ByValue || b.ByName) ?? parameter.Bindings[0];
            Assert.Equal(parameter.Type.FullName, typeName);
            Assert.Equal(binding.Mandatory ? "true" : "false", (string?)element.Attribute("required"));
            Assert.Equal(binding.Position == int.MinValue ? "named" : binding.Position.ToString(CultureInfo.InvariantCulture),
                (string?)element.Attribute("position"));
            Assert.Equal(PipelineText(binding), (string?)element.Attribute("pipelineInput"));
            Assert.Equal(parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases), (string?)element.Attribute("aliases"));
            var isSwitch = parameter.Type.FullName == "System.Management.Automation.SwitchParameter";
            Assert.Equal(!isSwitch, element.Element(Command + "parameterValue") is not null);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_maml_syntax_has_one_item_per_parameter_set_with_its_parameters(string name)
    {
        var cmdlet = _module.Cmdlet(name);
        var items = CommandElement(name).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();
        Assert.Equal(cmdlet.ParameterSets.Count, items.Length);
        Assert.All(items, i => Assert.Equal(name, i.Element(Maml + "name")!.Value));
        var unmatched = items.ToList();
        foreach (var set in cmdlet.ParameterSets)
        {
            var expected = Expected(cmdlet, cmdlet.Parameters.Where(p => p.In(set).Any()).Select(p => p.Name)).ToArray();
            var item = unmatched.FirstOrDefault(i => Names(i).SequenceEqual(expected));
            Assert.True(item is not null, $"no syntax item for parameter set {set} ({string.Join(", ", expected)})");
            unmatched.Remove(item!);
            foreach (var element in item!.Elements(Command + "parameter"))
            {
                var parameterName = element.Element(Maml + "name")!.Value;
                if (ShouldProcessParameters.Contains(parameterName)) continue;
                var binding = cmdlet.Parameter(parameterName).In(set).First();
                Assert.Equal(binding.Mandatory ? "true" : "false", (string?)element.Attribute("required"));
                Assert.Equal(binding.Position == int.MinValue ? "named" : binding.Position.ToString(CultureInfo.InvariantCulture),
                    (string?)element.Attribute("position"));
            }
        }

        static IEnumerable<string> Names(XElement item) =>
            item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).OrderBy(n => n, StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_maml_has_examples_inputs_and_outputs(string name)
    {
        var cmdlet = _module.Cmdlet(name);
        var command = CommandElement(name);
        var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToArray();
        Assert.True(examples.Length >= 3);
        Assert.All(examples, e =>
        {
            Assert.Contains("Example", e.Element(Maml + "title")!.Value, StringComparison.Ordinal);
            Assert.Contains(name, e.Element(Dev + "code")!.Value, StringComparison.Ordinal);
            Assert.NotEmpty(e.Element(Dev + "remarks")!.Elements(Maml + "para"));
        });
        Assert.NotEmpty(command.Element(Command + "inputTypes")!.Elements(Command + "inputType"));
        var outputs = command.Element(Command + "returnValues")!.Elements(Command + "returnValue")
            .Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(cmdlet.OutputTypes.Select(t => t.FullName!).OrderBy(t => t, StringComparer.Ordinal), outputs.OrderBy(t => t, StringComparer.Ordinal));
    }

    [Fact]
    public void The_about_topic_has_its_short_description_on_the_fifth_line()
    {
        var about = _compiled.Value.AboutFiles.Single(f => f.Key == "about_EcsNic.help.txt").Value;
        var lines = about.Split('\n');
        Assert.Equal("TOPIC", lines[0]);
        Assert.Equal("    about_EcsNic", lines[1]);
        Assert.Equal("SHORT DESCRIPTION", lines[3]);
        Assert.False(string.IsNullOrWhiteSpace(lines[4]));
        Assert.Contains("LONG DESCRIPTION", lines);
        Assert.All(lines, l => Assert.True(l.Length <= AboutTextWriter.Width || l.StartsWith("        ", StringComparison.Ordinal),
            $"line longer than {AboutTextWriter.Width} columns: {l}"));
    }

    [Fact]
    public void The_staged_help_is_what_the_pages_compile_to()
    {
        var staged = Path.Combine(ModuleLocator.StagedModuleDirectory, "en-US");
        var maml = XDocument.Load(Path.Combine(staged, "EcsNic.dll-Help.xml"));
        Assert.Equal(Msh + "helpItems", maml.Root!.Name);
        Assert.Equal(_module.Cmdlets.Select(c => c.Name),
            maml.Root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var about in _compiled.Value.AboutFiles)
            Assert.Equal(about.Value, File.ReadAllText(Path.Combine(staged, about.Key)));
    }

    private XElement CommandElement(string name) =>
        Document.Root!.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name);

    private IEnumerable<string> Expected(CmdletDefinition cmdlet, IEnumerable<string> parameters) =>
        parameters.Concat(cmdlet.SupportsShouldProcess ? ShouldProcessParameters : Array.Empty<string>()).OrderBy(n => n, StringComparer.Ordinal);

    private static string PipelineText(ParameterBinding binding) => (binding.ByValue, binding.ByName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (false, true) => "True (ByPropertyName)",
        (true, false) => "True (ByValue)",
        _ => "False",
    };

    private static int FirstDifference(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i]) return i;
        }
        return length;
    }
}
