using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Api;

namespace EcsNic.Core.Auth;

/// <summary>Thrown by a provider whose source is absent or unusable; a chain records the message and tries the next source.</summary>
public sealed class CredentialUnavailableException : EcsException
{
    /// <summary>Creates the exception; the message must not contain secret material.</summary>
    public CredentialUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>Thrown when no source in a chain produced credentials; it lists what each source said.</summary>
public sealed class CredentialChainException : EcsException
{
    /// <summary>Creates the exception from each source's name and reason, in chain order.</summary>
    public CredentialChainException(IReadOnlyList<KeyValuePair<string, string>> attempts)
        : base(BuildMessage(attempts))
    {
        Attempts = attempts;
    }

    /// <summary>Each source's name and what it said, in the order tried.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attempts { get; }

    private static string BuildMessage(IReadOnlyList<KeyValuePair<string, string>> attempts) =>
        "No Huawei Cloud credentials were found. Tried, in order: " +
        string.Join("; ", attempts.Select(a => $"{a.Key}: {a.Value}")) +
        ". Pass -Credential or -AccessKey/-SecretKey, run Connect-EcsCloud, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.";
}
