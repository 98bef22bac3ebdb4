using System;
using System.Collections.Concurrent;
using System.Text;
using EcsNic.Core.Auth;

namespace EcsNic.Emulator.Runtime;

/// <summary>The permanent demo AK plus temporary AKs handed out by the metadata service, and metadata session tokens.</summary>
public sealed class CredentialStore
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, StoredCredential> _byAccessKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _metadataTokens = new(StringComparer.Ordinal);
    private Random _rng;
    private StoredCredential? _current;

    internal CredentialStore(EmulatorOptions options)
    {
        _rng = new Random(options.Seed * 7919 + 17);
        var permanent = new StoredCredential(
            new Credentials(options.AccessKey, options.SecretKey, projectId: options.ProjectId, domainId: options.DomainId, source: "emulator"),
            options.SecretKey, null, null);
        _byAccessKey[permanent.AccessKey] = permanent;
    }

    /// <summary>How many temporary credential sets have been issued.</summary>
    public int IssuedTemporaryCount
    {
        get
        {
            var n = 0;
            foreach (var c in _byAccessKey.Values) if (c.IsTemporary) n++;
            return n;
        }
    }

    /// <summary>Makes every temporary credential issued so far expire now; the next securitykey call issues a new set.</summary>
    public void ExpireTemporaryCredentials()
    {
        lock (_gate)
        {
            foreach (var c in _byAccessKey.Values)
            {
                if (c.IsTemporary) c.ExpiresAt = DateTimeOffset.MinValue;
            }
            _current = null;
        }
    }

    internal StoredCredential? Find(string accessKey) => _byAccessKey.TryGetValue(accessKey, out var c) ? c : null;

    internal StoredCredential CurrentTemporary(DateTimeOffset realNow, TimeSpan lifetime)
    {
        lock (_gate)
        {
            var renewBefore = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 2));
            if (_current?.ExpiresAt is { } expiry && expiry - realNow > renewBefore) return _current;

            var accessKey = "TMP" + Random(17);
            var secret = Random(40);
            var token = "gQpjbi1ub3J0aC00" + Random(240);
            var issued = new StoredCredential(
                new Credentials(accessKey, secret, token, source: "emulator-metadata"), secret, token, realNow + lifetime);
            _byAccessKey[accessKey] = issued;
            _current = issued;
            return issued;
        }
    }

    internal string IssueMetadataToken(DateTimeOffset realNow, TimeSpan ttl)
    {
        string token;
        lock (_gate) token = Random(56);
        _metadataTokens[token] = realNow + ttl;
        return token;
    }

    internal bool IsMetadataTokenValid(string token, DateTimeOffset realNow) =>
        _metadataTokens.TryGetValue(token, out var expiry) && expiry > realNow;

    internal void Reset(EmulatorOptions options)
    {
        lock (_gate)
        {
            foreach (var key in _byAccessKey.Keys)
            {
                if (_byAccessKey[key].IsTemporary) _byAccessKey.TryRemove(key, out _);
            }
            _metadataTokens.Clear();
            _current = null;
            _rng = new Random(options.Seed * 7919 + 17);
        }
    }

    private string Random(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append(Alphabet[_rng.Next(Alphabet.Length)]);
        return builder.ToString();
    }
}
