using System.Runtime.CompilerServices;
using EcsNic.Core.Session;

namespace EcsNic;

/// <summary>Starts <see cref="FirstUseWarmup"/> when the module is imported.</summary>
internal static class ImportWarmup
{
    // Not inlined into ModuleInitializer.OnImport: compiling that must not load EcsNic.Core before the resolver is set.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Start() => FirstUseWarmup.Start();
}
