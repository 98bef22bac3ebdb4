using System;

namespace EcsNic.Emulator.Runtime;

/// <summary>The JSON names of the fault kinds, which the control API and the --fault option take and the counters show.</summary>
internal static class FaultKindNames
{
    public static string NameOf(FaultKind kind) => kind switch
    {
        FaultKind.Throttle => "throttle",
        FaultKind.ServerError => "server_error",
        FaultKind.ServiceUnavailable => "service_unavailable",
        FaultKind.DropBeforeProcessing => "drop_before",
        FaultKind.DropAfterProcessing => "drop_after",
        FaultKind.HtmlErrorPage => "html_error",
        FaultKind.FlowControl => "flow_control",
        FaultKind.SystemBusy => "system_busy",
        FaultKind.TaskSubmissionFailed => "task_submission_failed",
        _ => "truncated_json",
    };

    public static FaultKind Parse(string name)
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            if (NameOf(kind) == name || string.Equals(kind.ToString(), name, StringComparison.OrdinalIgnoreCase)) return kind;
        }
        throw new FormatException("Unknown fault kind '" + name + "'. Use throttle, server_error, service_unavailable, drop_before, " +
                                  "drop_after, html_error, truncated_json, flow_control, system_busy or task_submission_failed.");
    }
}
