using System;

namespace EcsNic.Core.Workflows;

/// <summary>Numbers and words of the progress bars the bulk and wait cmdlets show.</summary>
public static class ProgressText
{
    /// <summary>The percentage done, 0 to 100; 0 when nothing is known yet.</summary>
    public static int Percent(int done, int total)
    {
        if (total <= 0 || done <= 0) return 0;
        if (done >= total) return 100;
        return (int)Math.Floor(done * 100.0 / total);
    }

    /// <summary>"n of m {noun}", such as "3 of 10 NICs".</summary>
    public static string Count(int done, int total, string noun) => $"{done} of {total} {noun}";
}
