namespace EcsNic.Emulator.Runtime;

/// <summary>The service an operation belongs to, which decides its error body shape and whether it is signed.</summary>
public enum ServiceKind
{
    /// <summary>ECS (signed).</summary>
    Ecs,

    /// <summary>VPC (signed).</summary>
    Vpc,

    /// <summary>IAM (signed).</summary>
    Iam,

    /// <summary>ECS instance metadata (unsigned).</summary>
    Metadata,
}
