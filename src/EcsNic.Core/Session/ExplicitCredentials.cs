using System;
using System.Security;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Text;

namespace EcsNic.Core.Session;

/// <summary>
/// Turns the credential parameters of a cmdlet (-Credential, or -AccessKey with -SecretKey) into <see cref="Credentials"/>,
/// rejecting half-given or conflicting combinations with a message that names the parameters but never shows the secret.
/// </summary>
public static class ExplicitCredentials
{
    /// <summary>
    /// Returns the credentials the parameters give, or null when none were given. <paramref name="credentialUserName"/>
    /// and <paramref name="credentialPassword"/> come from a PSCredential (AK as the user name, SK as the password).
    /// </summary>
    public static Credentials? From(string? credentialUserName, SecureString? credentialPassword, string? accessKey,
        SecureString? secretKey, string? profileName)
    {
        var credentialGiven = credentialUserName is not null || credentialPassword is not null;
        var keysGiven = accessKey is not null || secretKey is not null;
        if (credentialGiven && keysGiven)
            throw new EcsValidationException("Credential", Redact.AccessKey(credentialUserName),
                $"cannot be combined with {UserWords.Input(UserInput.AccessKey)} or {UserWords.Input(UserInput.SecretKey)}; give one or the other.");
        if ((credentialGiven || keysGiven) && !string.IsNullOrWhiteSpace(profileName))
            throw new EcsValidationException("ProfileName", profileName,
                $"cannot be combined with {UserWords.Input(UserInput.Credential)} or {UserWords.Input(UserInput.AccessKey)}/" +
                $"{UserWords.Input(UserInput.SecretKey)}; give explicit keys or a profile, not both.");

        if (credentialGiven)
            return Build("Credential", StripLeadingBackslash(credentialUserName), credentialPassword);
        if (keysGiven)
        {
            if (accessKey is null)
                throw new EcsValidationException("SecretKey", Redact.Placeholder, $"was given without {UserWords.Input(UserInput.AccessKey)}; give both.");
            if (secretKey is null)
                throw new EcsValidationException("AccessKey", Redact.AccessKey(accessKey), $"was given without {UserWords.Input(UserInput.SecretKey)}; give both.");
            return Build("AccessKey", accessKey, secretKey);
        }
        return null;
    }

    private static Credentials Build(string parameterName, string? accessKey, SecureString? secretKey)
    {
        if (string.IsNullOrWhiteSpace(accessKey))
            throw new EcsValidationException(parameterName, accessKey, $"has no access key (for {UserWords.Input(UserInput.Credential)}, the user name is the AK).");
        if (secretKey is null || secretKey.Length == 0)
            throw new EcsValidationException(parameterName, Redact.AccessKey(accessKey),
                $"has an empty secret key (for {UserWords.Input(UserInput.Credential)}, the password is the SK).");
        try
        {
            return Credentials.FromSecureString(accessKey!, secretKey, source: "explicit");
        }
        catch (ArgumentException ex)
        {
            // The Credentials messages describe the problem without echoing any value.
            throw new EcsValidationException(parameterName, Redact.AccessKey(accessKey), "is unusable: " + FirstSentence(ex.Message));
        }
    }

    // Get-Credential on some hosts returns "\user" for a user name without a domain; an AK never starts with '\'.
    private static string? StripLeadingBackslash(string? userName) =>
        userName is not null && userName.StartsWith("\\", StringComparison.Ordinal) ? userName.Substring(1) : userName;

    // ArgumentException appends " (Parameter 'x')" on newer runtimes; the first sentence is the useful part.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        if (end < 0) end = message.IndexOf(" (Parameter", StringComparison.Ordinal) - 1;
        return end < 0 ? message : message.Substring(0, end + 1);
    }
}
