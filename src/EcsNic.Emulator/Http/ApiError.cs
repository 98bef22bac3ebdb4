using System;

namespace EcsNic.Emulator.Http;

/// <summary>An error answer a handler wants to send; the endpoint wrapper renders it.</summary>
internal sealed class ApiError : Exception
{
    private ApiError(int status, ErrorStyle style, string code, string message)
        : base(message)
    {
        Status = status;
        Style = style;
        Code = code;
    }

    public int Status { get; }
    public ErrorStyle Style { get; }
    public string Code { get; }

    public static ApiError Ecs(int status, string code, string message) => new(status, ErrorStyle.Ecs, code, message);

    public static ApiError Vpc(int status, string code, string message) => new(status, ErrorStyle.Vpc, code, message);

    public static ApiError InvalidEcsParameter(string message) => Ecs(400, "Ecs.0005", message);
}
