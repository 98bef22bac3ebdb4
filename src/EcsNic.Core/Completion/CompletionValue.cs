using System;

namespace EcsNic.Core.Completion;

/// <summary>A value that can be completed, with what the menu shows about it.</summary>
public sealed class CompletionValue
{
    /// <summary>Creates the record; <paramref name="description"/> may be empty.</summary>
    public CompletionValue(string value, string description)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
        Description = description ?? string.Empty;
    }

    /// <summary>The value itself.</summary>
    public string Value { get; }

    /// <summary>A short description (an IP address, a region); never anything secret.</summary>
    public string Description { get; }
}
