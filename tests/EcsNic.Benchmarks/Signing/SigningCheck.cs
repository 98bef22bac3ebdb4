using System;

namespace EcsNic.Benchmarks.Signing;

/// <summary>Refuses to measure a signer whose output differs from the official vector.</summary>
public static class SigningCheck
{
    public static void Verify(BindVector vector, string ecsNic, string naive)
    {
        if (!string.Equals(ecsNic, vector.Authorization, StringComparison.Ordinal))
            throw new InvalidOperationException($"RequestSigner does not reproduce vector {BindVector.VectorId}; not measuring it.");
        if (!string.Equals(naive, vector.Authorization, StringComparison.Ordinal))
            throw new InvalidOperationException($"The naive baseline does not reproduce vector {BindVector.VectorId}; not measuring it.");
    }
}
