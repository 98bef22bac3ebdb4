using System;
using System.IO;
using System.Reflection;

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>Finds the repository root, the staged module and the emulator build from this test assembly's location.</summary>
internal static class RepoPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration this assembly was built in; its ProjectReferences built the module and emulator in the same one.</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string StagedModuleDirectory => Path.Combine(RepoRoot, "out", "EcsNic");

    public static string StagedManifest => Path.Combine(StagedModuleDirectory, "EcsNic.psd1");

    public static string EmulatorDll => Path.Combine(RepoRoot, "src", "EcsNic.Emulator", "bin", Configuration, "net10.0", "EcsNic.Emulator.dll");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsNic.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No EcsNic.sln above {AppContext.BaseDirectory}.");
    }
}
