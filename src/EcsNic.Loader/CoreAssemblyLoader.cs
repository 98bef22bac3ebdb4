using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EcsNic.Loader;

/// <summary>
/// On pwsh 7.6+ (.NET 10+) on linux-x64, loads the ReadyToRun-compiled net10.0 EcsNic.Core from the coreclr folder
/// before PowerShell reads EcsNic.dll's types, which bind to whichever EcsNic.Core is loaded by then.
/// </summary>
/// <remarks>
/// It must run before EcsNic.dll: PowerShell's <c>GetExportedTypes</c> on EcsNic.dll already loads EcsNic.Core (the
/// cmdlets derive from types built on it), before EcsNic's own <c>ModuleInitializer</c> runs. Everywhere else (Windows
/// PowerShell 5.1 on .NET Framework, pwsh 7.4 and 7.5, other systems and processors) nothing happens and the netstandard2.0
/// EcsNic.Core beside EcsNic.dll loads as before: a net10.0 assembly cannot load on older runtimes, and CoreCLR rejects a
/// ReadyToRun image built for another system or processor rather than falling back to its IL.
/// </remarks>
public sealed class CoreAssemblyLoader : IModuleAssemblyInitializer
{
    /// <summary>The folder, beside EcsNic.dll, that holds the ReadyToRun EcsNic.Core.dll.</summary>
    public const string CoreClrFolder = CoreCopyChoice.CoreClrFolder;

    /// <summary>Loads the ReadyToRun EcsNic.Core when this runtime can use it.</summary>
    public void OnImport()
    {
        try
        {
            // .NET Framework stops here, before anything of RuntimeInformation is compiled.
            if (IsNetFramework()) return;
            LoadCoreClrCopy();
        }
        catch (Exception)
        {
            // Falling back to the netstandard2.0 copy is always correct, only slower on the first call.
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoadCoreClrCopy()
    {
        var moduleDirectory = Path.GetDirectoryName(typeof(CoreAssemblyLoader).Assembly.Location) ?? string.Empty;
        var path = CoreCopyChoice.PathFor(false, Environment.Version, RuntimeInformation.IsOSPlatform(OSPlatform.Linux),
            RuntimeInformation.ProcessArchitecture, moduleDirectory, File.Exists);
        if (path is null || IsCoreLoaded()) return;
        Assembly.LoadFrom(path);
    }

    // mscorlib is .NET Framework's core library; .NET's is System.Private.CoreLib.
    private static bool IsNetFramework() => string.Equals(typeof(object).Assembly.GetName().Name, "mscorlib", StringComparison.Ordinal);

    private static bool IsCoreLoaded()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (string.Equals(assembly.GetName().Name, CoreCopyChoice.CoreAssemblyName, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
