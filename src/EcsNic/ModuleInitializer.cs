using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using EcsNic.Loader;

namespace EcsNic;

/// <summary>
/// Resolves EcsNic's dependency DLLs (System.Text.Json and its netstandard2.0 companions) from the module folder.
/// Windows PowerShell 5.1 has no binding redirects for them, so a version mismatch between two of them (System.Memory
/// asks for an older System.Runtime.CompilerServices.Unsafe than System.Text.Json ships) would otherwise fail to load.
/// </summary>
/// <remarks>
/// Like PSResourceGet's ModuleInitAndCleanup, the handler answers only for the assemblies this module ships, known by
/// name, and only when the request comes from this module or one of those assemblies (or names no requester, as .NET
/// Framework may): another module's request is left to the runtime and to that module, even when a DLL of that name
/// happens to sit in our folder. This class must not touch any type of EcsNic.Core: EcsNic.Core is itself one of the
/// assemblies it resolves. Once the resolver is in place it starts <see cref="ImportWarmup"/>, which runs the first
/// call's code paths in the background against an in-memory answer, so that the user's first real call is not mostly
/// just-in-time compilation.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly Assembly Self = typeof(ModuleInitializer).Assembly;

    private static readonly string ModuleDirectory = Path.GetDirectoryName(Self.Location) ?? string.Empty;

    // The DLLs staged next to EcsNic.dll (EcsNicModuleFile in EcsNic.csproj), by simple name; versions are not compared,
    // since answering a request for another version of one of them is the reason this handler exists.
    private static readonly HashSet<string> ShippedAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "EcsNic.Core",
        "EcsNic.Loader",
        "System.Text.Json",
        "System.Text.Encodings.Web",
        "Microsoft.Bcl.AsyncInterfaces",
        "System.Memory",
        "System.Buffers",
        "System.Numerics.Vectors",
        "System.Runtime.CompilerServices.Unsafe",
        "System.Threading.Tasks.Extensions",
    };

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

    /// <summary>
    /// The file in <paramref name="moduleDirectory"/> that answers a request for <paramref name="requestedName"/> from
    /// <paramref name="requester"/>, or null when the request is not ours to answer.
    /// </summary>
    internal static string? ShippedFileFor(string requestedName, Assembly? requester, string moduleDirectory)
    {
        string? name;
        try
        {
            name = new AssemblyName(requestedName).Name;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (FileLoadException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(name) || moduleDirectory.Length == 0 || !ShippedAssemblies.Contains(name!)) return null;
        if (requester is not null && !IsOurs(requester, moduleDirectory)) return null;
        var path = Path.Combine(moduleDirectory, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static Assembly? ResolveFromModuleDirectory(object sender, ResolveEventArgs args)
    {
        var path = ShippedFileFor(args.Name, args.RequestingAssembly, ModuleDirectory);
        return path is null ? null : Assembly.LoadFrom(path);
    }

    private static bool IsOurs(Assembly requester, string moduleDirectory)
    {
        if (requester == Self) return true;
        string location;
        try
        {
            location = requester.Location;
        }
        catch (NotSupportedException)
        {
            // A dynamic assembly has no file, so it is nobody we ship.
            return false;
        }

        if (string.IsNullOrEmpty(location) || !ShippedAssemblies.Contains(requester.GetName().Name ?? string.Empty)) return false;
        var folder = Path.GetDirectoryName(location);
        var ours = moduleDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        // The ReadyToRun EcsNic.Core that EcsNic.Loader loads on pwsh 7.6+ sits in the coreclr folder.
        return string.Equals(folder, ours, StringComparison.OrdinalIgnoreCase) ||
               string.Equals(folder, Path.Combine(ours, CoreAssemblyLoader.CoreClrFolder), StringComparison.OrdinalIgnoreCase);
    }
}
