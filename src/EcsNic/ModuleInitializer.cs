using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Threading;

namespace EcsNic;

/// <summary>
/// Resolves EcsNic's dependency DLLs (System.Text.Json and its netstandard2.0 companions) from the module folder.
/// Windows PowerShell 5.1 has no binding redirects for them, so a version mismatch between two of them (System.Memory
/// asks for an older System.Runtime.CompilerServices.Unsafe than System.Text.Json ships) would otherwise fail to load.
/// </summary>
/// <remarks>
/// This class must not touch any type of EcsNic.Core: EcsNic.Core is itself one of the assemblies it resolves. Once the
/// resolver is in place it starts <see cref="ImportWarmup"/>, which runs the first call's code paths in the background
/// against an in-memory answer, so that the user's first real call is not mostly just-in-time compilation.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory =
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

    private static int _registered;

    /// <summary>Registers the resolver when the module is imported.</summary>
    public void OnImport()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
        try
        {
            ImportWarmup.Start();
        }
        catch (Exception)
        {
            // Even EcsNic.Core failing to load must not fail the import; the first cmdlet reports it properly.
        }
    }

    /// <summary>Unregisters the resolver when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (Interlocked.Exchange(ref _registered, 0) == 1)
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
    }

    // Answers only for names whose DLL is in our folder; every other request is left to the runtime and other handlers.
    private static Assembly? ResolveFromModuleDirectory(object sender, ResolveEventArgs args)
    {
        string? name;
        try
        {
            name = new AssemblyName(args.Name).Name;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (FileLoadException)
        {
            return null;
        }
        if (string.IsNullOrEmpty(name) || ModuleDirectory.Length == 0) return null;
        var path = Path.Combine(ModuleDirectory, name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
}
