using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>Checks for the moment after a pipeline was stopped or terminated.</summary>
internal static class AfterStop
{
    /// <summary>
    /// Runs one more command in the same runspace (it must work) and checks that, apart from that command's own reads
    /// (ListServerInterfaces and ShowServer, which tells the primary NIC), the emulator saw nothing after
    /// <paramref name="pathsWhenStopped"/>.
    /// </summary>
    public static void AssertRunspaceWorksAndNothingElseWasSent(PowerShellSession ps, EmulatorProcess emulator,
        IReadOnlyList<string> pathsWhenStopped, string serverId)
    {
        var followUp = ps.Run("Get-EcsServerNic -ServerId $args[0] @Connection", serverId).AssertClean();
        Assert.NotEmpty(followUp.Output);
        var paths = emulator.Paths();
        Assert.Equal(pathsWhenStopped, paths.Take(pathsWhenStopped.Count));
        var later = paths.Skip(pathsWhenStopped.Count).ToArray();
        var server = $"/cloudservers/{serverId}";
        Assert.True(later.Length > 0 && later.All(p => p.StartsWith("GET ", StringComparison.Ordinal)
                                                      && (p.EndsWith(server, StringComparison.Ordinal) || p.EndsWith(server + "/os-interface", StringComparison.Ordinal))),
            "After the stop the emulator saw: " + string.Join(", ", later));
    }
}
