using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Text;

namespace EcsNic.Core.Auth;

/// <summary>
/// Reads an AK/SK profile from KooCLI's configuration file (<c>~/.hcloud/config.json</c>, the file <c>hcloud configure</c>
/// writes). The file is read on every call and nothing is written or cached.
/// <para>
/// The file looks like <c>{"authEncrypt":"false","current":"default","profiles":[{"name","mode":"AKSK","accessKeyId",
/// "secretAccessKey","securityToken","region","projectId","domainId",...}]}</c>. The profile used is the one named in
/// the constructor, else the file's <c>current</c> profile. Its <c>projectId</c> and <c>domainId</c> are carried on the
/// credentials, and its <c>region</c> on <see cref="Credentials.Region"/>.
/// </para>
/// <para>
/// KooCLI encrypts keys by default (<c>--cli-auth-encrypt</c>, since KooCLI 5.2.7) with a key only it holds. When the file
/// says <c>"authEncrypt":"true"</c>, or a key does not look like a plain access or secret key, the provider refuses with
/// a clear message rather than sign with ciphertext.
/// </para>
/// <para>
/// When a profile name was given, every failure (missing file, unknown profile, bad JSON, encrypted keys, a mode other
/// than AKSK) is a real error (<see cref="EcsException"/>, or <see cref="EcsValidationException"/> for an unknown
/// profile), because the user asked for exactly that profile. Otherwise every failure is
/// <see cref="CredentialUnavailableException"/>: a missing file is a plain skip, and a broken file's reason appears in
/// the chain's aggregated error. Messages name the file, the profile and the problem, never a key or file content.
/// </para>
/// </summary>
public sealed class KooCliProfileProvider : ICredentialProvider
{
    /// <summary>The config file path under the home directory.</summary>
    public const string DefaultRelativePath = ".hcloud/config.json";

    // A plain Huawei AK is 20 and an SK 40 characters of [A-Za-z0-9]. Ciphertext of either, in base64 or hex, is longer
    // or uses other characters, so these bounds tell them apart while leaving room for unusual but plain keys.
    private const int MaxPlainAccessKeyLength = 40;
    private const int MaxPlainSecretKeyLength = 80;
    private const int MaxFileBytes = 4 * 1024 * 1024;

    private readonly Func<string, string?> _getVariable;
    private readonly string? _configPath;

    /// <summary>
    /// Creates the provider. <paramref name="configPath"/> defaults to ~/.hcloud/config.json, where home comes from
    /// <c>HOME</c>, then <c>USERPROFILE</c>, read through <paramref name="getEnvironmentVariable"/>.
    /// <paramref name="profileName"/> selects a profile and makes every failure fatal; null uses the file's current one.
    /// </summary>
    public KooCliProfileProvider(string? configPath = null, string? profileName = null,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        _getVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        _configPath = string.IsNullOrWhiteSpace(configPath) ? null : configPath!.Trim();
        ProfileName = string.IsNullOrWhiteSpace(profileName) ? null : profileName!.Trim();
    }

    /// <inheritdoc />
    public string Name => "koocli";

    /// <summary>The profile the user named, or null to use the file's current profile.</summary>
    public string? ProfileName { get; }

    /// <summary>The config file this provider reads, or null when no home directory is known.</summary>
    public string? ConfigPath => _configPath ?? DefaultPath();

    /// <inheritdoc />
    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Load());
    }

    private Credentials Load()
    {
        var path = ConfigPath;
        if (path is null)
            throw Fail("no home directory is known (HOME and USERPROFILE are not set), so ~/.hcloud/config.json cannot be found");
        if (!File.Exists(path))
        {
            throw Fail(ProfileName is null
                ? $"KooCLI config file '{path}' does not exist"
                : $"KooCLI config file '{path}' does not exist, so profile '{ProfileName}' cannot be read");
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
                throw Fail($"KooCLI config file '{path}' is {info.Length} bytes, larger than a KooCLI config can be; it was not read");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail($"KooCLI config file '{path}' could not be read: {ex.GetType().Name}");
        }

        try
        {
            return Parse(path, bytes);
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    private Credentials Parse(string path, byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            // The JsonException text can quote a character of the file, so only its position is reported.
            throw Fail($"KooCLI config file '{path}' is not valid JSON (at line {(ex.LineNumber ?? 0) + 1}, " +
                       $"byte {(ex.BytePositionInLine ?? 0) + 1} of that line)");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail($"KooCLI config file '{path}' does not hold a JSON object");

            var profiles = new List<JsonElement>();
            if (root.TryGetProperty("profiles", out var list) && list.ValueKind == JsonValueKind.Array)
                profiles.AddRange(list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object));
            var names = profiles.Select(p => Text(p, "name")).Where(n => n is not null).Select(n => n!).ToList();
            var available = names.Count == 0 ? "it has no profiles" : "available profiles: " + string.Join(", ", names);

            var wanted = ProfileName ?? Text(root, "current");
            if (wanted is null)
                throw Fail($"KooCLI config file '{path}' names no current profile; pass a profile name ({available})");

            var match = profiles.FirstOrDefault(p => string.Equals(Text(p, "name"), wanted, StringComparison.Ordinal));
            if (match.ValueKind != JsonValueKind.Object)
            {
                if (ProfileName is not null)
                    throw new EcsValidationException("ProfileName", ProfileName, $"is not a profile in KooCLI config file '{path}'; {available}.");
                throw Fail($"the current profile '{wanted}' is not in KooCLI config file '{path}' ({available})");
            }

            var where = $"KooCLI profile '{wanted}' in '{path}'";
            var mode = Text(match, "mode");
            if (mode is not null && !string.Equals(mode, "AKSK", StringComparison.OrdinalIgnoreCase))
                throw Fail($"{where} uses authentication mode '{mode}'; EcsNic reads only AKSK profiles. {ModeAdvice(mode)}");

            if (IsTrue(root, "authEncrypt"))
                throw Fail($"{where} holds encrypted keys (authEncrypt is true), which only KooCLI can decrypt. {EncryptedAdvice}");

            var accessKey = Text(match, "accessKeyId");
            var secretKey = Text(match, "secretAccessKey");
            if (accessKey is null || secretKey is null)
            {
                var missing = accessKey is null && secretKey is null ? "accessKeyId and secretAccessKey"
                    : accessKey is null ? "accessKeyId" : "secretAccessKey";
                throw Fail($"{where} has no {missing}");
            }
            if (!LooksPlain(accessKey, MaxPlainAccessKeyLength) || !LooksPlain(secretKey, MaxPlainSecretKeyLength))
                throw Fail($"{where} holds keys that do not look like a plain AK/SK; they are probably encrypted. {EncryptedAdvice}");

            Credentials credentials;
            try
            {
                credentials = new Credentials(accessKey, secretKey, Text(match, "securityToken"), Text(match, "projectId"),
                    Text(match, "domainId"), source: Name);
            }
            catch (ArgumentException ex)
            {
                throw Fail($"{where} holds unusable keys: {EnvironmentCredentialProvider.FirstSentence(ex.Message)}");
            }
            return credentials.WithRegion(Text(match, "region"));
        }
    }

    private static string EncryptedAdvice =>
        "Run 'hcloud configure set --cli-auth-encrypt=false' so that KooCLI stores keys in plain text, or use " +
        $"HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, {UserWords.Input(UserInput.Credential)} or {UserWords.Task(UserTask.Connect)} instead.";

    private static string ModeAdvice(string mode) => mode.ToUpperInvariant() switch
    {
        "ECSAGENCY" => "On an ECS with an agency, EcsNic gets the same temporary credentials from instance metadata by itself.",
        "SSO" => "Pass AK/SK credentials instead, or use an AKSK profile.",
        _ => "Use an AKSK profile, or pass credentials another way.",
    };

    private Exception Fail(string reason) =>
        ProfileName is null ? new CredentialUnavailableException(reason) : new CredentialSourceException(Name, reason);

    private string? DefaultPath()
    {
        var home = Trimmed(_getVariable("HOME")) ?? Trimmed(_getVariable("USERPROFILE"));
        return home is null ? null : Path.Combine(home, ".hcloud", "config.json");
    }

    private static string? Trimmed(string? value)
    {
        if (value is null) return null;
        value = value.Trim();
        return value.Length == 0 ? null : value;
    }

    // KooCLI writes every setting as a string ("true"), but a hand-edited file may use JSON booleans.
    private static bool IsTrue(JsonElement obj, string property) =>
        obj.TryGetProperty(property, out var value) &&
        (value.ValueKind == JsonValueKind.True ||
         (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString()?.Trim(), "true", StringComparison.OrdinalIgnoreCase)));

    private static string? Text(JsonElement obj, string property) =>
        obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? Trimmed(value.GetString()) : null;

    private static bool LooksPlain(string key, int maxLength)
    {
        if (key.Length > maxLength) return false;
        foreach (var c in key)
        {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        }
        return true;
    }
}
