using System;

namespace EcsNic.Core.Bulk;

/// <summary>How a call holds one of its keys.</summary>
public enum BulkKeyMode
{
    /// <summary>No other call holding the key in any mode runs at the same time (a NIC, a virtual IP).</summary>
    Exclusive,

    /// <summary>
    /// Calls holding the key shared run together, but never alongside one holding it exclusively (a subnet's virtual IP
    /// ports: binds share them, an unbind that may touch any of them excludes everyone).
    /// </summary>
    Shared,
}

/// <summary>
/// A key a bulk call touches, and whether it needs it alone. Names compare ordinal-ignoring-case.
/// </summary>
public readonly struct BulkKey : IEquatable<BulkKey>
{
    /// <summary>Creates a key.</summary>
    public BulkKey(string name, BulkKeyMode mode)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Mode = mode;
    }

    /// <summary>The key's name, such as <c>nic:{id}</c>.</summary>
    public string Name { get; }

    /// <summary>Exclusive or shared.</summary>
    public BulkKeyMode Mode { get; }

    /// <summary>An exclusive key.</summary>
    public static BulkKey Exclusive(string name) => new(name, BulkKeyMode.Exclusive);

    /// <summary>A shared key.</summary>
    public static BulkKey Shared(string name) => new(name, BulkKeyMode.Shared);

    /// <inheritdoc />
    public bool Equals(BulkKey other) =>
        Mode == other.Mode && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BulkKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() =>
        (Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name)) * 31 + (int)Mode;

    /// <summary>Compares two keys.</summary>
    public static bool operator ==(BulkKey left, BulkKey right) => left.Equals(right);

    /// <summary>Compares two keys.</summary>
    public static bool operator !=(BulkKey left, BulkKey right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Mode == BulkKeyMode.Shared ? Name + " (shared)" : Name ?? string.Empty;
}
