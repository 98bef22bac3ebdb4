using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Tests.Auth;

/// <summary>A provider whose source is never there; counts calls.</summary>
internal sealed class AbsentProvider : ICredentialProvider
{
    private readonly string _reason;
    private int _calls;

    public AbsentProvider(string name, string reason)
    {
        Name = name;
        _reason = reason;
    }

    public string Name { get; }

    public int Calls => _calls;

    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        throw new CredentialUnavailableException(_reason);
    }
}

/// <summary>A provider whose answer the test switches between credentials, unavailable and a hard failure.</summary>
internal sealed class SwitchableProvider : ICredentialProvider
{
    private int _calls;

    public SwitchableProvider(string name) => Name = name;

    public string Name { get; }

    public Credentials? Answer { get; set; }

    public Exception? Failure { get; set; }

    public int Calls => _calls;

    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Failure is not null) throw Failure;
        if (Answer is null) throw new CredentialUnavailableException($"{Name} has nothing");
        return Task.FromResult(Answer);
    }
}

/// <summary>A temporary directory, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ecsnic-auth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class Env
{
    public static Func<string, string?> Of(params (string Name, string? Value)[] variables)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables) map[name] = value;
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    public static readonly Func<string, string?> Empty = _ => null;
}

internal static class TestKeys
{
    public const string AccessKey = "HPUAEXAMPLEAK0000001";
    public const string SecretKey = "ExampleSecretKey0000000000000000000000001";

    public static Credentials Make(string accessKey = AccessKey, string source = "test") =>
        new(accessKey, SecretKey, source: source);
}
