using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Text;

namespace EcsNic.Text;

/// <summary>
/// The module's words for what the core's messages point to: each task is the command line that does it, each input the
/// parameter that gives it. Installed before any cmdlet runs (<see cref="Commands.EcsCmdlet"/>'s type initializer).
/// </summary>
internal sealed class PowerShellWords : IUserVocabulary
{
    public static readonly PowerShellWords Instance = new();

    public string Task(UserTask task, IReadOnlyList<UserArgument> arguments)
    {
        if (task == UserTask.DetachExtensionNics)
            return Task(UserTask.ListServerNics, arguments) + " | Where-Object { -not $_.IsPrimary } | Remove-EcsServerNic";
        if (task == UserTask.DeleteVpcSubnets)
            return Task(UserTask.ListSubnets, arguments) + " | Remove-EcsSubnet -Force";
        if (task == UserTask.DeleteSubnetPorts)
            return Task(UserTask.ListPorts, arguments) + " | Remove-EcsNic -Force";
        var command = CommandOf(task);
        return arguments.Count == 0
            ? command
            : command + string.Concat(arguments.Select(a => a.Value is null ? " " + Input(a.Input) : $" {Input(a.Input)} {a.Value}"));
    }

    public string Input(UserInput input) => "-" + input;

    private static string CommandOf(UserTask task) => task switch
    {
        UserTask.Connect => "Connect-EcsCloud",
        UserTask.ListServerNics => "Get-EcsServerNic",
        UserTask.ShowJob => "Get-EcsJob",
        UserTask.WaitForJobs => "Wait-EcsJob",
        UserTask.ListVpcs => "Get-EcsVpc",
        UserTask.ListSubnets => "Get-EcsSubnet",
        UserTask.ListPorts => "Get-EcsNic",
        UserTask.CreatePort => "New-EcsNic",
        UserTask.DetachNics => "Remove-EcsServerNic",
        _ => task.ToString(),
    };
}
