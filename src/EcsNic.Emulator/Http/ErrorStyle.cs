namespace EcsNic.Emulator.Http;

/// <summary>Which error body shape an error uses.</summary>
internal enum ErrorStyle
{
    /// <summary><c>{"error":{"code":"Ecs.0005","message":"..."}}</c>.</summary>
    Ecs,

    /// <summary><c>{"code":"VPC.0202","message":"..."}</c>.</summary>
    Vpc,
}
