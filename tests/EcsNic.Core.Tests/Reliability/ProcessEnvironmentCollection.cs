using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Xunit;

namespace EcsNic.Core.Tests.Reliability;

/// <summary>
/// Tests that change process-wide state (environment variables such as HOME and TMPDIR) run alone, after every parallel
/// test has finished, so that nothing else sees the change or writes into the directories they watch.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>Sets environment variables for its lifetime and restores the previous values on dispose.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public void Set(string name, string? value)
    {
        if (!_previous.ContainsKey(name)) _previous[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous) Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary>Every file under some directories with the hash of its content, to prove that nothing was written.</summary>
public sealed class FileSnapshot
{
    private FileSnapshot(IReadOnlyDictionary<string, string> files)
    {
        Files = files;
    }

    public IReadOnlyDictionary<string, string> Files { get; }

    public static FileSnapshot Take(params string[] roots)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
                files[path] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        return new FileSnapshot(files);
    }

    /// <summary>Files added, removed or changed since <paramref name="before"/>.</summary>
    public IReadOnlyList<string> ChangesSince(FileSnapshot before)
    {
        var changes = new List<string>();
        foreach (var (path, hash) in Files)
        {
            if (!before.Files.TryGetValue(path, out var old)) changes.Add("added " + path);
            else if (old != hash) changes.Add("changed " + path);
        }
        changes.AddRange(before.Files.Keys.Where(p => !Files.ContainsKey(p)).Select(p => "removed " + p));
        return changes;
    }
}
