using System;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcsNic.Emulator.Http;

/// <summary>
/// The gateway in front of every emulated service. For each request: X-Request-Id and Date (shifted by the clock
/// offset); then, outside <c>/_emulator/</c>: count the request and its path, delay it, check its signature, and serve any
/// armed fault — before the work (429/500/503/HTML/drop) or after it (drop the connection, truncate the body).
/// </summary>
internal sealed class ApiPipeline
{
    public const string ControlPrefix = "/_emulator";
    private const int MaxBody = 1024 * 1024;

    private const string HtmlPage =
        "<html>\r\n<head><title>{0} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>{0} Bad Gateway</h1></center>\r\n" +
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private readonly EmulatorRuntime _runtime;
    private readonly SignatureVerifier _verifier;

    public ApiPipeline(EmulatorRuntime runtime)
    {
        _runtime = runtime;
        _verifier = new SignatureVerifier(runtime);
    }

    /// <summary>Runs first, before routing: every answer carries X-Request-Id and the emulator's Date.</summary>
    public Task StampAsync(HttpContext context, RequestDelegate next)
    {
        var requestId = Respond.RequestId(context);
        context.Response.Headers[Respond.RequestIdHeader] = requestId;
        context.Response.OnStarting(static state =>
        {
            var (ctx, runtime) = ((HttpContext, EmulatorRuntime))state;
            ctx.Response.Headers.Date = EmulatorClock.HttpDate(runtime.Clock.Now);
            return Task.CompletedTask;
        }, (context, _runtime));
        return next(context);
    }

    /// <summary>Runs after routing, so the matched endpoint's operation is known.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(ControlPrefix, StringComparison.Ordinal))
        {
            RequestJson.SetBody(context, await ReadBodyAsync(context).ConfigureAwait(false) ?? Array.Empty<byte>());
            await next(context).ConfigureAwait(false);
            return;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target)) target = path.ToUriComponent() + context.Request.QueryString.ToUriComponent();

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<OperationMetadata>();
        if (operation is null)
        {
            _runtime.Counters.CountRequest(Operations.Unknown, context.Request.Method, target);
            await Respond.Gateway(context, 404, "APIGW.0101",
                "The API does not exist or has not been published in the environment").ConfigureAwait(false);
            return;
        }

        var name = operation.Resolve(body ?? Array.Empty<byte>());
        _runtime.Counters.CountRequest(name, context.Request.Method, target);
        if (body is null)
        {
            await Respond.Gateway(context, 413, "APIGW.0201", "Request entity too large").ConfigureAwait(false);
            return;
        }
        RequestJson.SetBody(context, body);

        var explicitOnly = !operation.RequiresSignature;
        var delay = _runtime.Faults.TakeLatency(name, explicitOnly);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (operation.RequiresSignature)
        {
            var failure = _verifier.Verify(context, body);
            if (failure is not null)
            {
                _runtime.Counters.CountAuthFailure();
                await Respond.Gateway(context, 401, "APIGW.0301", failure).ConfigureAwait(false);
                return;
            }
        }

        var fault = _runtime.Faults.TakeFault(name, explicitOnly);
        if (fault is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        _runtime.Counters.CountFault(fault.Kind);
        if (!fault.IsAfterProcessing)
        {
            await ServeBeforeAsync(context, fault, operation.Service).ConfigureAwait(false);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (fault.Kind == FaultKind.DropAfterProcessing)
        {
            context.Abort();
            return;
        }
        var bytes = buffer.ToArray();
        var cut = bytes.Length <= 1 ? bytes.Length : bytes.Length / 2;
        context.Response.ContentLength = cut;
        await original.WriteAsync(bytes.AsMemory(0, cut)).ConfigureAwait(false);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxBody) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task ServeBeforeAsync(HttpContext context, FaultRule fault, ServiceKind service)
    {
        switch (fault.Kind)
        {
            case FaultKind.DropBeforeProcessing:
                context.Abort();
                return Task.CompletedTask;
            case FaultKind.Throttle:
                if (fault.RetryAfterSeconds is { } seconds)
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Respond.Gateway(context, 429, "APIGW.0308", "The throttling threshold has been reached");
            case FaultKind.ServiceUnavailable:
                return Respond.Gateway(context, fault.StatusCode ?? 503, "APIGW.0201", "Backend unavailable.");
            case FaultKind.HtmlErrorPage:
                var status = fault.StatusCode ?? 502;
                return Respond.Text(context, status, string.Format(CultureInfo.InvariantCulture, HtmlPage, status), "text/html");
            case FaultKind.FlowControl:
                // Documented with HTTP 202, an accepted-looking status whose body is nonetheless an error.
                return Respond.Error(context, ApiError.Ecs(fault.StatusCode ?? 202, "Common.0024", "exceeds flow over limit"));
            case FaultKind.SystemBusy:
                return Respond.Error(context, ApiError.Ecs(503, "Common.1503", "The system is busy. Please try again later."));
            case FaultKind.TaskSubmissionFailed:
                return Respond.Error(context, ApiError.Ecs(400, "Ecs.0002", "Failed to submit the task. Try again later."));
            default:
                return ServerErrorAsync(context, fault.StatusCode ?? 500, service);
        }
    }

    private static Task ServerErrorAsync(HttpContext context, int status, ServiceKind service) => service switch
    {
        ServiceKind.Ecs => Respond.Error(context, ApiError.Ecs(status, "Ecs.0002", "Failed to submit the task. Try again later.")),
        ServiceKind.Vpc => Respond.Error(context, ApiError.Vpc(status, "VPC.0105", "Neutron Error.")),
        ServiceKind.Iam => Respond.Json(context, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = "An unexpected error prevented the server from fulfilling your request.",
                ["title"] = "Internal Server Error",
            },
        }),
        _ => Respond.Text(context, status, "Internal Server Error"),
    };
}
