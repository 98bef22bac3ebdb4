namespace EcsNic.Emulator.Runtime;

/// <summary>A fault aimed at one operation (SDK name) or all ("*"), for the next <see cref="Count"/> matches.</summary>
public sealed record FaultRule
{
    /// <summary>The SDK operation name, or "*" for every signed API operation (metadata calls must be named).</summary>
    public string Operation { get; init; } = "*";

    /// <summary>What happens.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>How many matching requests get the fault; null for all of them.</summary>
    public int? Count { get; init; } = 1;

    /// <summary>The probability that a matching request gets the fault (0 to 1).</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>For <see cref="FaultKind.Throttle"/>: the Retry-After seconds to send, or null for none.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Overrides the HTTP status of ServerError, ServiceUnavailable, HtmlErrorPage and FlowControl.</summary>
    public int? StatusCode { get; init; }

    /// <summary>True when the fault lets the request's work happen first.</summary>
    public bool IsAfterProcessing => Kind is FaultKind.DropAfterProcessing or FaultKind.TruncatedJson;
}
