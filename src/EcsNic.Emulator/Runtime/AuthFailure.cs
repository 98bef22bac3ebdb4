using System;

namespace EcsNic.Emulator.Runtime;

/// <summary>Why the last signed request was refused, for debugging clients; secrets are redacted.</summary>
/// <param name="At">When (emulator time).</param>
/// <param name="Message">The error_msg that was sent.</param>
/// <param name="CanonicalRequest">The canonical request the emulator computed (security token redacted), if it got that far.</param>
/// <param name="StringToSign">The string to sign the emulator computed, if it got that far.</param>
public sealed record AuthFailure(DateTimeOffset At, string Message, string? CanonicalRequest, string? StringToSign);
