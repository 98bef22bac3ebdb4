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
        string.Join("; ", attempts.Select(a => $"{a.Key}: {a.Value.TrimEnd('.')}")) + ".";
}

/// <summary>
/// A credential source the user named explicitly (such as a KooCLI profile given with -ProfileName) is present but
/// unusable: unreadable, malformed, encrypted or of another authentication mode. Unlike a missing source, this stops the
/// chain, because falling back to another identity would act as someone the user did not ask for.
/// </summary>
public sealed class CredentialSourceException : EcsException
{
    /// <summary>Creates the exception; the message names the source and never contains secret material.</summary>
    public CredentialSourceException(string source, string message) : base(message)
    {
        Source = source;
    }

    /// <summary>The provider's name, such as "koocli".</summary>
    public new string Source { get; }
}
