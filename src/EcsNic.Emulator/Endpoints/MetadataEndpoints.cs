using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>
/// The ECS instance metadata calls a runbook on an ECS with an agency uses, unsigned as on 169.254.169.254. A session
/// token from PUT api/token is optional for securitykey unless RequireMetadataToken is set; a token that is sent must be
/// valid (unknown or expired tokens get 401), which is how IMDSv2-style services behave.
/// </summary>
internal static class MetadataEndpoints
{
    public const string TtlHeader = "X-Metadata-Token-Ttl-Seconds";
    public const string TokenHeader = "X-Metadata-Token";

    /// <summary>What the real service answers, with HTTP 401, on an ECS without an agency.</summary>
    public const string AgencyMissingText = "Please configure Cloud Service Agency first";

    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime)
    {
        EndpointMap.Map(routes, "PUT", "/meta-data/latest/api/token",
            new OperationMetadata(Operations.MetadataApiToken, ServiceKind.Metadata), ctx => IssueTokenAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/openstack/latest/securitykey",
            new OperationMetadata(Operations.MetadataSecurityKey, ServiceKind.Metadata), ctx => SecurityKeyAsync(runtime, ctx));
    }

    private static Task IssueTokenAsync(EmulatorRuntime runtime, HttpContext context)
    {
        var ttlText = context.Request.Headers[TtlHeader].ToString();
        if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > 21600)
            return Respond.Text(context, 400, "Bad Request: " + TtlHeader + " must be an integer from 1 to 21600.");
        var token = runtime.Credentials.IssueMetadataToken(runtime.Clock.RealUtcNow, TimeSpan.FromSeconds(ttl));
        context.Response.Headers[TtlHeader] = ttl.ToString(CultureInfo.InvariantCulture);
        return Respond.Text(context, 200, token, "text/plain");
    }

    private static Task SecurityKeyAsync(EmulatorRuntime runtime, HttpContext context)
    {
        var token = context.Request.Headers[TokenHeader].ToString();
        var now = runtime.Clock.RealUtcNow;
        if (token.Length > 0 ? !runtime.Credentials.IsMetadataTokenValid(token, now) : runtime.Settings.RequireMetadataToken)
            return Respond.Text(context, 401, "Unauthorized");
        // The text the Go, Python and Java SDKs look for (ConfigAgencyError in core/auth/internal/metadata_accessor.go).
        if (!runtime.Settings.MetadataAgencyConfigured) return Respond.Text(context, 401, AgencyMissingText);

        var issued = runtime.Credentials.CurrentTemporary(now, runtime.Settings.TemporaryCredentialLifetime);
        return Respond.Json(context, 200, new JsonObject
        {
            ["credential"] = new JsonObject
            {
                ["access"] = issued.AccessKey,
                ["secret"] = issued.SecretKey,
                ["securitytoken"] = issued.SecurityToken,
                ["expires_at"] = EmulatorClock.CredentialExpiry(runtime.Clock.Shift(issued.ExpiresAt!.Value)),
            },
        });
    }
}
