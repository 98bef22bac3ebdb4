using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Text;

/// <summary>
/// The things a user can do next that the core's messages point to; the front end (the PowerShell module) names each one
/// in its own words, so that the core never spells a command.
/// </summary>
public enum UserTask
{
    /// <summary>Set the session's default connection.</summary>
    Connect,
    /// <summary>List a server's NICs.</summary>
    ListServerNics,
    /// <summary>Read a job.</summary>
    ShowJob,
    /// <summary>Wait for jobs.</summary>
    WaitForJobs,
    /// <summary>List VPCs.</summary>
    ListVpcs,
    /// <summary>List subnets.</summary>
    ListSubnets,
    /// <summary>List ports (NICs and virtual IPs).</summary>
    ListPorts,
    /// <summary>Create a port.</summary>
    CreatePort,
    /// <summary>Detach every NIC of a server but the primary one.</summary>
    DetachExtensionNics,
    /// <summary>Detach NICs from a server.</summary>
    DetachNics,
    /// <summary>Delete every subnet of a VPC.</summary>
    DeleteVpcSubnets,
    /// <summary>Delete every port of a subnet.</summary>
    DeleteSubnetPorts,
}

/// <summary>The inputs a user gives that the core's messages name; the front end spells each one.</summary>
public enum UserInput
{
    /// <summary>The project ID.</summary>
    ProjectId,
    /// <summary>The ECS endpoint.</summary>
    Endpoint,
    /// <summary>The most calls in flight at once.</summary>
    ThrottleLimit,
    /// <summary>A KooCLI profile name.</summary>
    ProfileName,
    /// <summary>A credential object (AK as user name, SK as password).</summary>
    Credential,
    /// <summary>The access key.</summary>
    AccessKey,
    /// <summary>The secret key.</summary>
    SecretKey,
    /// <summary>How long to wait, in seconds.</summary>
    TimeoutSec,
    /// <summary>The longest wait between two polls, in seconds.</summary>
    MaxPollIntervalSec,
    /// <summary>Whether a NIC gets an IPv6 address.</summary>
    Ipv6Enable,
    /// <summary>A server ID.</summary>
    ServerId,
    /// <summary>A job ID.</summary>
    JobId,
    /// <summary>A resource name.</summary>
    Name,
    /// <summary>A VPC ID.</summary>
    VpcId,
    /// <summary>A subnet ID.</summary>
    SubnetId,
    /// <summary>An IP address.</summary>
    IpAddress,
    /// <summary>A port ID.</summary>
    PortId,
    /// <summary>Waiting for what was started.</summary>
    Wait,
    /// <summary>The region.</summary>
    Region,
    /// <summary>A NIC (port) ID of a server.</summary>
    NicId,
}

/// <summary>One input of a <see cref="UserTask"/> in a message: the input and its value, or no value for a switch.</summary>
public readonly struct UserArgument
{
    /// <summary>Creates the argument.</summary>
    public UserArgument(UserInput input, string? value)
    {
        Input = input;
        Value = value;
    }

    /// <summary>The input.</summary>
    public UserInput Input { get; }

    /// <summary>The value, or null for a switch.</summary>
    public string? Value { get; }
}

/// <summary>How a front end words tasks and inputs; implementations must be thread-safe and side-effect free.</summary>
public interface IUserVocabulary
{
    /// <summary>The words for doing <paramref name="task"/> with <paramref name="arguments"/>, such as a command line.</summary>
    string Task(UserTask task, IReadOnlyList<UserArgument> arguments);

    /// <summary>The words for naming <paramref name="input"/>, such as a parameter.</summary>
    string Input(UserInput input);
}

/// <summary>
/// The words the core's messages use for tasks and inputs: a front end installs its own vocabulary once, before any message
/// is made; until then a neutral one names them by their enum names.
/// </summary>
public static class UserWords
{
    private static IUserVocabulary _vocabulary = NeutralVocabulary.Instance;

    /// <summary>The vocabulary in use.</summary>
    public static IUserVocabulary Vocabulary
    {
        get => _vocabulary;
        set => _vocabulary = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The words for doing <paramref name="task"/>.</summary>
    public static string Task(UserTask task, params UserArgument[] arguments) => _vocabulary.Task(task, arguments);

    /// <summary>The words for naming <paramref name="input"/>.</summary>
    public static string Input(UserInput input) => _vocabulary.Input(input);

    /// <summary>An argument with a value.</summary>
    public static UserArgument With(UserInput input, string? value) => new(input, value);

    /// <summary>A switch argument.</summary>
    public static UserArgument Switch(UserInput input) => new(input, null);

    private sealed class NeutralVocabulary : IUserVocabulary
    {
        public static readonly NeutralVocabulary Instance = new();

        public string Task(UserTask task, IReadOnlyList<UserArgument> arguments) =>
            arguments.Count == 0
                ? task.ToString()
                : $"{task}({string.Join(", ", arguments.Select(a => a.Value is null ? a.Input.ToString() : $"{a.Input} {a.Value}"))})";

        public string Input(UserInput input) => input.ToString();
    }
}
