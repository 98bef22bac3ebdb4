using System;
using System.Runtime.CompilerServices;
using System.Threading;
using EcsNic.Core.Session;

namespace EcsNic;

/// <summary>Starts <see cref="FirstUseWarmup"/> on a background thread when the module is imported.</summary>
/// <remarks>
/// The thread is started here, in EcsNic.dll, so that loading and compiling EcsNic.Core happens on that thread too, not on
/// the thread running Import-Module. <see cref="FirstUseWarmup.RunOnce"/> checks <c>ECSNIC_WARMUP</c> and runs at most once.
/// </remarks>
internal static class ImportWarmup
{
    public static void Start()
    {
        var thread = new Thread(RunInBackground)
        {
            IsBackground = true,
            Name = "EcsNic warm-up",
            Priority = ThreadPriority.BelowNormal,
        };
        thread.Start();
    }

    private static void RunInBackground()
    {
        try
        {
            RunWarmup();
        }
        catch (Exception)
        {
            // EcsNic.Core failing to load (which fails compiling RunWarmup, so it surfaces here) must not take the process
            // down; the first cmdlet reports it properly.
        }
    }

    // Never inlined: compiling Start or RunInBackground must not load EcsNic.Core.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunWarmup() => FirstUseWarmup.RunOnce();
}
