using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EcsNic.HelpGen.Markdown;
using EcsNic.HelpGen.Metadata;
using EcsNic.HelpGen.Model;

namespace EcsNic.HelpGen;

/// <summary>
/// The help tool of the build. "maml" compiles docs/en-US into Get-Help's files (the build runs it when staging the
/// module); "markdown" creates or updates the cmdlet pages from EcsNic.dll's metadata, keeping their prose.
/// </summary>
public static class Program
{
    public const string Usage = """
        Usage:
          EcsNic.HelpGen maml --docs <folder> --out <folder>
              Compiles <folder>/*.md: cmdlet pages into one MAML file (named by their 'external help file'),
              about_*.md into about_*.help.txt.
          EcsNic.HelpGen markdown --module <EcsNic.dll> --docs <folder> [--check]
              Creates a page for each cmdlet that has none and updates the metadata parts of the others (syntax,
              parameter lists and yaml blocks, input and output types), keeping their prose. With --check, writes
              nothing and exits 1 when a page would change or a page has no cmdlet.
        """;

    public static int Main(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "-?")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            var options = Options(args.Skip(1).ToArray());
            return args[0] switch
            {
                "maml" => Maml(Required(options, "--docs"), Required(options, "--out")),
                "markdown" => Markdown(Required(options, "--module"), Required(options, "--docs"), options.ContainsKey("--check")),
                _ => throw new ArgumentException($"Unknown command '{args[0]}'."),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or HelpFormatException or IOException)
        {
            Console.Error.WriteLine("EcsNic.HelpGen: error: " + ex.Message);
            return 1;
        }
    }

    private static int Maml(string docs, string output)
    {
        var help = HelpCompiler.Compile(docs);
        foreach (var path in HelpCompiler.Write(help, output))
            Console.WriteLine($"EcsNic.HelpGen: wrote {path}");
        return 0;
    }

    private static int Markdown(string modulePath, string docs, bool check)
    {
        var repoRoot = RepoRoot(Path.GetDirectoryName(Path.GetFullPath(modulePath))!);
        using var context = CmdletMetadata.Load(modulePath, CmdletMetadata.FindPowerShellReference(repoRoot), out var module);
        var cmdlets = CmdletMetadata.ReadCmdlets(module);
        var xmlDocs = XmlDocs.ForAssembly(modulePath);
        Directory.CreateDirectory(docs);
        var stale = new List<string>();
        foreach (var cmdlet in cmdlets)
        {
            var path = Path.Combine(docs, cmdlet.Name + ".md");
            var before = File.Exists(path) ? File.ReadAllText(path) : null;
            CommandHelp? existing = before is null ? null : MarkdownHelpReader.Read(before, path);
            var after = MarkdownHelpWriter.Write(HelpUpdater.Update(cmdlet, existing, xmlDocs));
            if (before == after) continue;
            stale.Add(path);
            if (!check) File.WriteAllText(path, after);
            Console.WriteLine($"EcsNic.HelpGen: {(check ? "out of date" : before is null ? "created" : "updated")} {path}");
        }
        var names = cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.GetFiles(docs, "*.md")
            .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            .Where(p => !names.Contains(Path.GetFileNameWithoutExtension(p)))
            .ToArray();
        foreach (var orphan in orphans)
            Console.Error.WriteLine($"EcsNic.HelpGen: {orphan} documents no cmdlet of {Path.GetFileName(modulePath)}.");
        return check && (stale.Count > 0 || orphans.Length > 0) ? 1 : 0;
    }

    private static string RepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return dir.FullName;
        }
        throw new ArgumentException($"No Directory.Packages.props above {start}; pass a module built inside the repository.");
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            if (args[i] == "--check")
            {
                options[args[i]] = string.Empty;
                continue;
            }
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value.");
            options[args[i]] = args[++i];
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required.\n{Usage}");
}
