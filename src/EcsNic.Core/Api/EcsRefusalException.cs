using EcsNic.Core.Errors;

namespace EcsNic.Core.Api;

/// <summary>
/// Something an operation refused to send, or a state it cannot go on from, with its own stable error ID, category and
/// what to do next (worded with <see cref="Text.UserWords"/>).
/// </summary>
public sealed class EcsRefusalException : EcsException
{
    /// <summary>Creates the exception.</summary>
    public EcsRefusalException(string errorId, EcsErrorKind kind, string message, string? remedy) : base(message)
    {
        ErrorId = errorId;
        Kind = kind;
        Remedy = remedy;
    }

    /// <summary>The stable error ID, such as EcsNic.PrimaryNic.</summary>
    public string ErrorId { get; }

    /// <summary>The category.</summary>
    public EcsErrorKind Kind { get; }

    /// <summary>What the user can do, or null.</summary>
    public string? Remedy { get; }
}
