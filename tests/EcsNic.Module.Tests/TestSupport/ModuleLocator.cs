using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace EcsNic.Module.Tests.TestSupport;

/// <summary>Finds the repository, the built EcsNic.dll, the staged module and the PowerShell reference assembly.</summary>
internal static class ModuleLocator
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration this test assembly was built in; the module was built in the same one.</summary>
    public static string Configuration { get; } =
        typeof(ModuleLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string StagedModuleDirectory => Path.Combine(RepoRoot, "out", "EcsNic");

    /// <summary>
    /// The build output folder of src/EcsNic for this configuration; if that build is missing, the most recently built
    /// one, so that a test run in another configuration still finds something to check.
    /// </summary>
    public static string ModuleBuildDirectory { get; } = FindModuleBuildDirectory();

    public static string PowerShellReferenceAssembly { get; } = FindPowerShellReferenceAssembly();

    /// <summary>The &lt;Version&gt; in Directory.Build.props: the one place the module version lives.</summary>
    public static string ModuleVersion =>
        XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value.Trim();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsNic.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No EcsNic.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindModuleBuildDirectory()
    {
        var bin = Path.Combine(RepoRoot, "src", "EcsNic", "bin");
        var preferred = Path.Combine(bin, Configuration, "netstandard2.0");
        if (File.Exists(Path.Combine(preferred, "EcsNic.dll")))
            return preferred;
        var newest = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "EcsNic.dll", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "netstandard2.0")
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return newest is not null
            ? Path.GetDirectoryName(newest)!
            : throw new InvalidOperationException($"EcsNic.dll is not built: looked in {preferred}. Build src/EcsNic first.");
    }

    private static string FindPowerShellReferenceAssembly()
    {
        var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Packages.props"));
        var version = props.Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "PowerShellStandard.Library")
            .Attribute("Version")!.Value;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "powershellstandard.library", version.ToLowerInvariant(), "lib", "netstandard2.0",
            "System.Management.Automation.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The PowerShell reference assembly is not in the NuGet cache: {path}. Run dotnet restore.");
    }
}
