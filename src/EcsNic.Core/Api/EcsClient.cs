using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Api;

/// <summary>The ECS NIC operations, one async method per call, over a signing, retrying HTTP pipeline.</summary>
public sealed partial class EcsClient : IDisposable
{
    // One lookup per access key, secret fingerprint, region and IAM endpoint for the life of the process (a PowerShell
    // session). The fingerprint keeps a lookup made with one secret from vouching for another secret of the same key.
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> ProjectIdCache = new(StringComparer.Ordinal);

    private readonly HttpClient _http;
    private readonly ClockSkew _skew = new();
    private readonly string? _configuredProjectId;
    private int _disposed;

    /// <summary>Creates a client; it owns one HttpClient for its whole life, so connections are reused.</summary>
    public EcsClient(EcsClientOptions options, ICredentialProvider credentials)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        if (options.Retry is null) throw new ArgumentException("Retry options are required.", nameof(options));
        if (options.Clock is null) throw new ArgumentException("A clock is required.", nameof(options));
        if (options.Logger is null) throw new ArgumentException("A logger is required.", nameof(options));
        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
            throw new EcsValidationException("Timeout", options.Timeout.ToString(), "must be positive.");
        if (options.Region is not null) Endpoints.ValidateRegion(options.Region);
        if (options.ProjectId is not null) _configuredProjectId = InputValidation.ProjectId(options.ProjectId);

        Endpoint = Endpoints.ResolveEcs(options);
        WarnIfInsecure(Endpoint);
        if (options.IamEndpoint is not null)
        {
            var iam = Endpoints.ValidateEndpoint(options.IamEndpoint, options.AllowInsecureHttp, "IamEndpoint");
            if (iam.GetLeftPart(UriPartial.Authority) != Endpoint.GetLeftPart(UriPartial.Authority)) WarnIfInsecure(iam);
        }

        Pipeline = EcsPipeline.Create(options, credentials, _skew);
        _http = new HttpClient(Pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The settings.</summary>
    public EcsClientOptions Options { get; }

    /// <summary>Where credentials come from.</summary>
    public ICredentialProvider Credentials { get; }

    /// <summary>The ECS endpoint requests go to, after region mapping and overrides.</summary>
    public Uri Endpoint { get; }

    /// <summary>The server's clock minus ours, learned from a date rejection; zero until one happens.</summary>
    public TimeSpan ClockOffset => _skew.Offset;

    /// <summary>The outermost handler, for tests that inspect the chain.</summary>
    internal HttpMessageHandler Pipeline { get; }

    /// <summary>AssociateServerVirtualIp: binds (creating if needed) a virtual IP to a NIC.</summary>
    public async Task<VirtualIpBinding> BindVirtualIpAsync(string nicId, string subnetId, string ipAddress, bool reverseBinding,
        CancellationToken cancellationToken)
    {
        InputValidation.NicId(nicId);
        InputValidation.SubnetId(subnetId);
        InputValidation.Ipv4Address(ipAddress);
        var body = new VirtualIpRequest
        {
            Nic = new VirtualIpNicBody { SubnetId = subnetId, IpAddress = ipAddress, ReverseBinding = reverseBinding },
        };
        await SetNicVirtualIpAsync("AssociateServerVirtualIp", nicId, body, cancellationToken).ConfigureAwait(false);
        return new VirtualIpBinding(nicId, ipAddress, subnetId, reverseBinding, VirtualIpAction.Bound);
    }

    /// <summary>
    /// DisassociateServerVirtualIp: unbinds every virtual IP of a NIC. The answer does not say what was removed; read the
    /// NIC's port first for that (<see cref="VirtualIpBinding.WithUnboundPort"/>).
    /// </summary>
    public async Task<VirtualIpBinding> UnbindVirtualIpAsync(string nicId, CancellationToken cancellationToken)
    {
        InputValidation.NicId(nicId);
        // The service requires the empty strings and an explicit false.
        var body = new VirtualIpRequest
        {
            Nic = new VirtualIpNicBody { SubnetId = string.Empty, IpAddress = string.Empty, ReverseBinding = false },
        };
        await SetNicVirtualIpAsync("DisassociateServerVirtualIp", nicId, body, cancellationToken).ConfigureAwait(false);
        return new VirtualIpBinding(nicId, null, null, false, VirtualIpAction.Unbound);
    }

    /// <summary>BatchAddServerNics: starts attaching NICs; returns the submitted job. Never retried blindly.</summary>
    public async Task<EcsJob> AddServerNicsAsync(string serverId, IReadOnlyList<NicSpec> nics, CancellationToken cancellationToken)
    {
        InputValidation.ServerId(serverId);
        InputValidation.NicSpecs(nics);
        var body = new BatchAddNicsRequest { Nics = nics.ToList() };
        var howToCheck = $"Run {UserWords.Task(UserTask.ListServerNics, UserWords.With(UserInput.ServerId, serverId))} to see which NICs the " +
                         $"server has, and {UserWords.Task(UserTask.ShowJob)} if you have a job ID, before trying again.";
        var jobId = await SubmitJobAsync("BatchAddServerNics", serverId, $"/cloudservers/{Segment(serverId)}/nics",
            JsonSerializer.SerializeToUtf8Bytes(body, EcsJsonContext.Default.BatchAddNicsRequest), howToCheck,
            cancellationToken).ConfigureAwait(false);
        return EcsJob.Submitted(jobId, "addNicsForServer", serverId);
    }

    /// <summary>BatchDeleteServerNics: starts detaching NICs; returns the submitted job. Never retried blindly.</summary>
    public async Task<EcsJob> DeleteServerNicsAsync(string serverId, IReadOnlyList<string> nicIds, CancellationToken cancellationToken)
    {
        InputValidation.ServerId(serverId);
        InputValidation.NicIds(nicIds);
        var body = new BatchDeleteNicsRequest { Nics = nicIds.Select(id => new NicRef { Id = id }).ToList() };
        var howToCheck = $"Run {UserWords.Task(UserTask.ListServerNics, UserWords.With(UserInput.ServerId, serverId))} to see which NICs are " +
                         $"still attached, and {UserWords.Task(UserTask.ShowJob)} if you have a job ID, before trying again.";
        var jobId = await SubmitJobAsync("BatchDeleteServerNics", serverId, $"/cloudservers/{Segment(serverId)}/nics/delete",
            JsonSerializer.SerializeToUtf8Bytes(body, EcsJsonContext.Default.BatchDeleteNicsRequest), howToCheck,
            cancellationToken).ConfigureAwait(false);
        return EcsJob.Submitted(jobId, "deleteNicsForServer", serverId);
    }

    /// <summary>ListServerInterfaces: the server's NICs.</summary>
    public async Task<IReadOnlyList<ServerNic>> ListServerNicsAsync(string serverId, CancellationToken cancellationToken)
    {
        InputValidation.ServerId(serverId);
        const string operation = "ListServerInterfaces";
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, serverId, isIdempotent: true, null, projectId, null);
        var (response, status, requestId) = await SendAsync(HttpMethod.Get,
            $"/v1/{Segment(projectId)}/cloudservers/{Segment(serverId)}/os-interface", context,
            EcsJsonContext.Default.InterfaceAttachmentsResponse, cancellationToken).ConfigureAwait(false);
        var attachments = response.InterfaceAttachments
                          ?? throw MissingField(status, "interfaceAttachments", requestId, context);
        return attachments.Where(a => a is not null).Select(a => ServerNic.FromWire(serverId, a)).ToArray();
    }

    /// <summary>
    /// ShowServer: the port IDs of the server's primary NIC, read from the <c>primary</c> flag of its addresses (an
    /// empty set when the service marks none).
    /// </summary>
    public async Task<IReadOnlyCollection<string>> GetPrimaryNicIdsAsync(string serverId, CancellationToken cancellationToken)
    {
        InputValidation.ServerId(serverId);
        const string operation = "ShowServer";
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, serverId, isIdempotent: true, null, projectId, null);
        var (response, status, requestId) = await SendAsync(HttpMethod.Get,
            $"/v1/{Segment(projectId)}/cloudservers/{Segment(serverId)}", context,
            EcsJsonContext.Default.ServerDetailResponse, cancellationToken).ConfigureAwait(false);
        var server = response.Server ?? throw MissingField(status, "server", requestId, context);
        return (server.Addresses ?? new Dictionary<string, List<ServerAddressWire>>())
            .Values.Where(list => list is not null).SelectMany(list => list)
            .Where(a => a is not null && a.Primary == true && !string.IsNullOrEmpty(a.PortId))
            .Select(a => a.PortId!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>ShowJob: one job's current state, retried like any read.</summary>
    public Task<EcsJob> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        GetJobAsync(jobId, maxAttempts: null, cancellationToken);

    /// <summary>
    /// ShowJob with a single attempt, for pollers such as <see cref="Jobs.JobWaiter"/>: they retry a transient failure on
    /// their own schedule, and a retry inside the pipeline would send requests past their budget.
    /// </summary>
    public Task<EcsJob> PollJobAsync(string jobId, CancellationToken cancellationToken) =>
        GetJobAsync(jobId, maxAttempts: 1, cancellationToken);

    private async Task<EcsJob> GetJobAsync(string jobId, int? maxAttempts, CancellationToken cancellationToken)
    {
        InputValidation.JobId(jobId);
        const string operation = "ShowJob";
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, jobId, isIdempotent: true, null, projectId, null, maxAttempts);
        var (response, status, requestId) = await SendAsync(HttpMethod.Get, $"/v1/{Segment(projectId)}/jobs/{Segment(jobId)}",
            context, EcsJsonContext.Default.JobResponse, cancellationToken).ConfigureAwait(false);
        if (response.Status is null)
        {
            // The service answers some lookups of unknown jobs with a code and message in place of the job.
            if (response.Code is not null)
                throw new EcsApiException(status, response.Code, response.Message ?? "(no message)", requestId, operation, jobId);
            throw MissingField(status, "status", requestId, context);
        }
        return EcsJob.FromWire(jobId, response);
    }

    /// <summary>The project ID: the configured one, or one looked up through IAM by region name and cached.</summary>
    public async Task<string> GetProjectIdAsync(CancellationToken cancellationToken)
    {
        if (_configuredProjectId is not null) return _configuredProjectId;
        var credentials = await Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        if (credentials.ProjectId is not null && ServesThisRegion(credentials))
            return InputValidation.ProjectId(credentials.ProjectId, $"ProjectId (from the {credentials.Source} credentials)");

        if (Options.Region is null)
            throw EcsValidationException.Missing("Region",
                "is needed to look up the project ID: give a region such as cn-north-4, or give the project ID.");
        var region = Endpoints.ValidateRegion(Options.Region);
        if (credentials.ProjectId is not null)
        {
            (EcsLogScope.Current ?? Options.Logger).Log(EcsLogLevel.Verbose,
                $"The {credentials.Source} credentials name a project for region {credentials.Region ?? "(unnamed)"}, and a project " +
                $"ID serves only its own region: looking up the project of {region} instead.");
        }
        var iam = Endpoints.ResolveIam(Options);
        var key = $"{credentials.AccessKey}\n{Session.CredentialFingerprint.Of(credentials)}\n{region}\n{iam.AbsoluteUri}";
        var lookup = ProjectIdCache.GetOrAdd(key,
            _ => new Lazy<Task<string>>(() => LookUpProjectIdAsync(region, iam), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await WaitAsync(lookup.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lookup.Value.IsFaulted || lookup.Value.IsCanceled)
        {
            // A failed lookup is not cached: the next call tries again.
            ((ICollection<KeyValuePair<string, Lazy<Task<string>>>>)ProjectIdCache).Remove(
                new KeyValuePair<string, Lazy<Task<string>>>(key, lookup));
            throw;
        }
    }

    /// <summary>
    /// ShowServerLimits (<c>GET /v1/{project_id}/cloudservers/limits</c>): one cheap signed ECS read that succeeds only
    /// when the credentials, the endpoint and the project (of this region) all work. Returns the project ID used.
    /// </summary>
    public async Task<string> VerifyAccessAsync(CancellationToken cancellationToken)
    {
        const string operation = "ShowServerLimits";
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, projectId, isIdempotent: true, null, projectId, null);
        var (response, status, requestId) = await SendAsync(HttpMethod.Get, $"/v1/{Segment(projectId)}/cloudservers/limits",
            context, EcsJsonContext.Default.ServerLimitsResponse, cancellationToken).ConfigureAwait(false);
        if (response.Absolute is not { ValueKind: JsonValueKind.Object }) throw MissingField(status, "absolute", requestId, context);
        return projectId;
    }

    /// <summary>
    /// The project IDs this process has already looked up with these credentials at this client's IAM endpoint, by region,
    /// without sending anything (Get-EcsContext shows them).
    /// </summary>
    public IReadOnlyDictionary<string, string> KnownProjectIds(Credentials credentials)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Uri iam;
        try
        {
            iam = Endpoints.ResolveIam(Options);
        }
        catch (EcsValidationException)
        {
            return result;
        }
        var prefix = $"{credentials.AccessKey}\n{Session.CredentialFingerprint.Of(credentials)}\n";
        var suffix = "\n" + iam.AbsoluteUri;
        foreach (var entry in ProjectIdCache)
        {
            if (!entry.Key.StartsWith(prefix, StringComparison.Ordinal) || !entry.Key.EndsWith(suffix, StringComparison.Ordinal)) continue;
            if (!entry.Value.IsValueCreated || entry.Value.Value.Status != TaskStatus.RanToCompletion) continue;
            var region = entry.Key.Substring(prefix.Length, entry.Key.Length - prefix.Length - suffix.Length);
            result[region] = entry.Value.Value.Result;
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _http.Dispose();
    }

    // A project ID belongs to one region: the credentials' one serves this client only when they name this region, or
    // when the client has no region to compare with.
    private bool ServesThisRegion(Credentials credentials) =>
        Options.Region is null ||
        (credentials.Region is not null && string.Equals(credentials.Region.Trim(), Options.Region.Trim(), StringComparison.OrdinalIgnoreCase));

    private void WarnIfInsecure(Uri endpoint)
    {
        if (!Endpoints.IsInsecure(endpoint)) return;
        (EcsLogScope.Current ?? Options.Logger).Log(EcsLogLevel.Warning,
            $"The endpoint {endpoint.GetLeftPart(UriPartial.Authority)} uses plain HTTP: requests, including their signatures " +
            "and any security token, travel unencrypted.");
    }

    /// <summary>
    /// Forgets the cached project IDs looked up at one IAM endpoint only, so that tests running in parallel against
    /// other endpoints keep theirs.
    /// </summary>
    internal static void ClearProjectIdCache(Uri iamEndpoint)
    {
        var suffix = "\n" + iamEndpoint.AbsoluteUri;
        foreach (var key in ProjectIdCache.Keys)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal)) ProjectIdCache.TryRemove(key, out _);
        }
    }

    // The shared lookup runs without the first caller's token, so one caller's Ctrl+C does not fail the others.
    private async Task<string> LookUpProjectIdAsync(string region, Uri iam)
    {
        const string operation = "KeystoneListProjects";
        var context = new EcsRequestContext(operation, region, isIdempotent: true, null, projectId: null, body: null);
        var uri = Endpoints.Combine(iam, $"/v3/projects?name={Uri.EscapeDataString(region)}");
        var (response, _, _) = await SendAsync(HttpMethod.Get, uri, context, EcsJsonContext.Default.ProjectsResponse,
            CancellationToken.None).ConfigureAwait(false);
        var matches = (response.Projects ?? new List<ProjectWire>())
            .Where(p => p is not null && string.Equals(p.Name, region, StringComparison.Ordinal))
            .ToList();
        if (matches.Count != 1)
        {
            throw new EcsException(
                $"Looking up the project of region '{region}' at {iam.GetLeftPart(UriPartial.Authority)} found {matches.Count} " +
                $"matching projects; exactly one is needed. Give the project ID explicitly ({UserWords.Input(UserInput.ProjectId)}, or " +
                "HUAWEICLOUD_SDK_PROJECT_ID), or check that the region is right and the credentials can list IAM projects.");
        }
        return InputValidation.ProjectId(matches[0].Id, $"ProjectId (returned by IAM for region {region})");
    }

    private async Task<string> SetNicVirtualIpAsync(string operation, string nicId, VirtualIpRequest body,
        CancellationToken cancellationToken)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, EcsJsonContext.Default.VirtualIpRequest);
        var context = new EcsRequestContext(operation, nicId, isIdempotent: true, null, projectId, bytes);
        var (response, status, requestId) = await SendAsync(HttpMethod.Put,
            $"/v1/{Segment(projectId)}/cloudservers/nics/{Segment(nicId)}", context, EcsJsonContext.Default.PortIdResponse,
            cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(response.PortId)) throw MissingField(status, "port_id", requestId, context);
        return response.PortId!;
    }

    private async Task<string> SubmitJobAsync(string operation, string serverId, string escapedPathAfterProject, byte[] body,
        string howToCheck, CancellationToken cancellationToken)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, serverId, isIdempotent: false, howToCheck, projectId, body);
        JobIdResponse response;
        int status;
        string? requestId;
        try
        {
            (response, status, requestId) = await SendAsync(HttpMethod.Post, $"/v1/{Segment(projectId)}{escapedPathAfterProject}",
                context, EcsJsonContext.Default.JobIdResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (EcsApiException ex) when (ex.ErrorCode == ErrorResponse.UnreadableCode && ex.StatusCode is >= 200 and < 300)
        {
            // The service accepted something, but we cannot tell what: the call may have started a job.
            throw new OutcomeUnknownException(operation, serverId, howToCheck, ex);
        }
        if (string.IsNullOrEmpty(response.JobId))
            throw new OutcomeUnknownException(operation, serverId, howToCheck, MissingField(status, "job_id", requestId, context));
        return response.JobId!;
    }

    private Task<(T Body, int Status, string? RequestId)> SendAsync<T>(HttpMethod method, string escapedPathAndQuery,
        EcsRequestContext context, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        SendAsync(method, Endpoints.Combine(Endpoint, escapedPathAndQuery), context, typeInfo, cancellationToken);

    private async Task<(T Body, int Status, string? RequestId)> SendAsync<T>(HttpMethod method, Uri uri,
        EcsRequestContext context, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(EcsClient));
        using var request = new HttpRequestMessage(method, uri);
        if (context.Body is not null) request.Content = new ByteArrayContent(context.Body);
        context.AttachTo(request);
        // The pipeline's buffering handler reads the whole body before this returns (so the timeout covers it); asking
        // HttpClient to buffer it as well would only copy it once more.
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var requestId = LoggingHandler.RequestIdOf(response);
        // The buffering handler has read the body already; copying it again would double the cost of a long list.
        var bytes = response.Content is BufferedContent buffered
            ? buffered.Bytes
            : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        T? body;
        try
        {
            body = JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new EcsApiException(status, ErrorResponse.UnreadableCode,
                $"The answer does not have the expected shape ({ErrorResponse.Shorten(ErrorResponse.OneLine(ex.Message), 150)}): " +
                ErrorResponse.Excerpt(bytes), requestId, context.Operation, context.TargetId);
        }
        if (body is null) throw MissingField(status, "(body)", requestId, context);
        return (body, status, requestId);
    }

    private static EcsApiException MissingField(int status, string field, string? requestId, EcsRequestContext context) =>
        new(status, ErrorResponse.MissingFieldCode, $"The answer has no '{field}' field.", requestId, context.Operation,
            context.TargetId);

    private static string Segment(string value) => InputValidation.PathSegment(value);

    private static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        if (task.IsCompleted || !cancellationToken.CanBeCanceled) return await task.ConfigureAwait(false);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                throw new OperationCanceledException(cancellationToken);
        }
        return await task.ConfigureAwait(false);
    }
}
