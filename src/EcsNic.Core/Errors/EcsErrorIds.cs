
namespace EcsNic.Core.Errors;

/// <summary>
/// The stable ErrorIds the module gives errors of its own. Errors from the cloud use the Huawei code instead (such as
/// Ecs.0005 or APIGW.0308), and failed jobs the job's error_code.
/// </summary>
public static class EcsErrorIds
{
    /// <summary>Input was rejected before any request was sent.</summary>
    public const string InvalidParameter = "EcsNic.InvalidParameter";

    /// <summary>No credential source produced credentials.</summary>
    public const string NoCredentials = "EcsNic.NoCredentials";

    /// <summary>A credential source the user named (a KooCLI profile) exists but cannot be used.</summary>
    public const string CredentialSourceInvalid = "EcsNic.CredentialSourceInvalid";

    /// <summary>A POST may or may not have taken effect; it was not repeated.</summary>
    public const string OutcomeUnknown = "EcsNic.OutcomeUnknown";

    /// <summary>A job ended in FAIL without an error code of its own.</summary>
    public const string JobFailed = "EcsNic.JobFailed";

    /// <summary>Jobs were still pending when the timeout ran out.</summary>
    public const string JobTimeout = "EcsNic.JobTimeout";

    /// <summary>A call timed out.</summary>
    public const string Timeout = "EcsNic.Timeout";

    /// <summary>The operation was cancelled.</summary>
    public const string Cancelled = "EcsNic.Cancelled";

    /// <summary>The service could not be reached.</summary>
    public const string ConnectionFailed = "EcsNic.ConnectionFailed";

    /// <summary>A NIC to detach is the server's primary NIC, which cannot be detached; it was not sent.</summary>
    public const string PrimaryNic = "EcsNic.PrimaryNic";

    /// <summary>Anything else.</summary>
    public const string Unexpected = "EcsNic.UnexpectedError";
}
