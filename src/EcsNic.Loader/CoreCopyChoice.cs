using System;
using System.IO;
using System.Runtime.InteropServices;

namespace EcsNic.Loader;

/// <summary>Which EcsNic.Core.dll a runtime should run the module on; kept apart from PowerShell's types so tests can call it.</summary>
internal static class CoreCopyChoice
{
    /// <summary>The folder, beside EcsNic.dll, that holds the net10.0 ReadyToRun EcsNic.Core.dll.</summary>
    public const string CoreClrFolder = "coreclr";

    public const string CoreAssemblyName = "EcsNic.Core";

    /// <summary>
    /// The EcsNic.Core.dll to load ahead of EcsNic.dll, or null for the netstandard2.0 one beside it (what the runtime
    /// finds by itself).
    /// </summary>
    public static string? PathFor(bool isNetFramework, Version runtimeVersion, bool isLinux, Architecture processArchitecture,
        string moduleDirectory, Func<string, bool> fileExists)
    {
        // The copy is built for net10.0 and compiled for linux-x64 only.
        if (isNetFramework || runtimeVersion.Major < 10 || !isLinux || processArchitecture != Architecture.X64 || moduleDirectory.Length == 0)
            return null;
        var path = Path.Combine(moduleDirectory, CoreClrFolder, CoreAssemblyName + ".dll");
        return fileExists(path) ? path : null;
    }
}
