using System;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Auth;

/// <summary>
/// Reads the variables the Huawei Cloud SDKs use: <c>HUAWEICLOUD_SDK_AK</c>, <c>HUAWEICLOUD_SDK_SK</c>, and optionally
/// <c>HUAWEICLOUD_SDK_SECURITY_TOKEN</c>, <c>HUAWEICLOUD_SDK_PROJECT_ID</c> and <c>HUAWEICLOUD_SDK_DOMAIN_ID</c>.
/// Every value is trimmed of surrounding whitespace (a pasted key often ends in a newline), and a value that is empty
/// or all whitespace counts as unset. An AK without an SK, or the reverse, is reported as unavailable, naming the
/// missing variable, so that the chain goes on to the next source.
/// </summary>
public sealed class EnvironmentCredentialProvider : ICredentialProvider
{
    /// <summary>The access key variable.</summary>
    public const string AccessKeyVariable = "HUAWEICLOUD_SDK_AK";

    /// <summary>The secret key variable.</summary>
    public const string SecretKeyVariable = "HUAWEICLOUD_SDK_SK";

    /// <summary>The security token variable, for temporary credentials.</summary>
    public const string SecurityTokenVariable = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

    /// <summary>The project ID variable.</summary>
    public const string ProjectIdVariable = "HUAWEICLOUD_SDK_PROJECT_ID";

    /// <summary>The account (domain) ID variable.</summary>
    public const string DomainIdVariable = "HUAWEICLOUD_SDK_DOMAIN_ID";

    private readonly Func<string, string?> _getVariable;

    /// <summary>
    /// Creates the provider. <paramref name="getEnvironmentVariable"/> reads one variable and defaults to
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>; tests pass a dictionary lookup.
    /// </summary>
    public EnvironmentCredentialProvider(Func<string, string?>? getEnvironmentVariable = null) =>
        _getVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;

    /// <inheritdoc />
    public string Name => "environment";

    /// <summary>Returns credentials built from the variables, read afresh on every call.</summary>
    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var accessKey = Read(AccessKeyVariable);
        var secretKey = Read(SecretKeyVariable);
        var token = Read(SecurityTokenVariable);

        if (accessKey is null && secretKey is null)
        {
            throw new CredentialUnavailableException(token is null
                ? $"{AccessKeyVariable} and {SecretKeyVariable} are not set"
                : $"{SecurityTokenVariable} is set but {AccessKeyVariable} and {SecretKeyVariable} are not; ignoring the environment");
        }
        if (secretKey is null)
            throw new CredentialUnavailableException($"{AccessKeyVariable} is set but {SecretKeyVariable} is not; ignoring the environment");
        if (accessKey is null)
            throw new CredentialUnavailableException($"{SecretKeyVariable} is set but {AccessKeyVariable} is not; ignoring the environment");

        try
        {
            return Task.FromResult(new Credentials(accessKey, secretKey, token, Read(ProjectIdVariable), Read(DomainIdVariable),
                source: Name));
        }
        catch (ArgumentException ex)
        {
            // The Credentials messages describe the problem without echoing the value.
            throw new CredentialUnavailableException($"{AccessKeyVariable}/{SecretKeyVariable} are unusable: {FirstSentence(ex.Message)}");
        }
    }

    private string? Read(string name)
    {
        var value = _getVariable(name);
        if (value is null) return null;
        value = value.Trim();
        return value.Length == 0 ? null : value;
    }

    // ArgumentException appends " (Parameter 'x')" on newer runtimes; the first sentence is the useful part.
    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message.Substring(0, end);
    }
}
