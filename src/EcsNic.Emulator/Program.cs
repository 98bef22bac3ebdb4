using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace EcsNic.Emulator;

/// <summary>The emulator executable: parses the command line, refuses non-loopback addresses, serves until Ctrl+C.</summary>
public static class Program
{
    /// <summary>Exit code for a bad command line.</summary>
    public const int UsageError = 1;

    /// <summary>Exit code when a non-loopback address is asked for without --allow-remote.</summary>
    public const int RemoteRefused = 2;

    /// <summary>Exit code when Kestrel could not start (port in use, ...).</summary>
    public const int StartFailed = 3;

    /// <summary>Runs the emulator.</summary>
    public static async Task<int> Main(string[] args)
    {
        EmulatorCommandLine line;
        try
        {
            line = EmulatorCommandLine.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync("ecsnic-emulator: " + e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(EmulatorCommandLine.Usage).ConfigureAwait(false);
            return UsageError;
        }
        if (line.Help)
        {
            Console.WriteLine(EmulatorCommandLine.Usage);
            return 0;
        }
        if (line.NonLoopback.Count > 0 && !line.AllowRemote)
        {
            await Console.Error.WriteLineAsync("ecsnic-emulator: refusing to listen on " + string.Join(", ", line.NonLoopback) +
                ": the emulator accepts a published demo key and must stay on loopback (127.0.0.1 or localhost). " +
                "Pass --allow-remote to override.").ConfigureAwait(false);
            return RemoteRefused;
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(line.Options, line.Endpoints).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("ecsnic-emulator: could not start: " + e.Message).ConfigureAwait(false);
            return StartFailed;
        }

        await using (host.ConfigureAwait(false))
        {
            Console.WriteLine(Banner.Describe(host));
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.TrySetResult();
            };
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                stop.TrySetResult();
            });
            await stop.Task.ConfigureAwait(false);
            Console.WriteLine("Stopping.");
        }
        return 0;
    }
}
