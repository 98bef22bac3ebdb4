using System;
using System.Linq;
using System.Net.Http;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Errors;

/// <summary>Maps the exceptions EcsNic.Core throws to <see cref="EcsErrorInfo"/>; the rules are the module's error contract.</summary>
public static class EcsErrorClassifier
{
    /// <summary>Classifies an exception; AggregateExceptions with one inner exception are unwrapped first.</summary>
    public static EcsErrorInfo Classify(Exception exception)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
            exception = aggregate.InnerExceptions[0];

        switch (exception)
        {
            case EcsApiException api:
                return new EcsErrorInfo(string.IsNullOrEmpty(api.ErrorCode) ? $"HTTP.{api.StatusCode}" : api.ErrorCode,
                    KindOf(api), api.Message, api.TargetId, ActionFor(api), api);
            case EcsRefusalException refusal:
                return new EcsErrorInfo(refusal.ErrorId, refusal.Kind, refusal.Message, null, refusal.Remedy, refusal);
            case EcsValidationException validation:
                return new EcsErrorInfo(EcsErrorIds.InvalidParameter, EcsErrorKind.InvalidArgument, validation.Message, null, null, validation);
            case OutcomeUnknownException unknown:
                return new EcsErrorInfo(EcsErrorIds.OutcomeUnknown, EcsErrorKind.OperationTimeout, unknown.Message, unknown.TargetId,
                    unknown.HowToCheck, unknown);
            case CredentialSourceException:
                return new EcsErrorInfo(EcsErrorIds.CredentialSourceInvalid, EcsErrorKind.AuthenticationError, exception.Message, null,
                    $"Fix the named credential source, or name another with {UserWords.Input(UserInput.ProfileName)}, " +
                    $"{UserWords.Input(UserInput.Credential)} or {UserWords.Task(UserTask.Connect)}.", exception);
            case CredentialChainException or CredentialUnavailableException:
                return new EcsErrorInfo(EcsErrorIds.NoCredentials, EcsErrorKind.AuthenticationError, exception.Message, null,
                    $"Pass {UserWords.Input(UserInput.Credential)} or {UserWords.Input(UserInput.AccessKey)}/{UserWords.Input(UserInput.SecretKey)}, " +
                    $"run {UserWords.Task(UserTask.Connect)}, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.",
                    exception);
            case JobFailedException failed:
                {
                    var (code, reason) = FailureOf(failed.Job);
                    var message = string.IsNullOrEmpty(reason) || failed.Message.Contains(reason!.Trim().TrimEnd('.', ' '))
                        ? failed.Message
                        : $"{failed.Message} ({reason})";
                    return new EcsErrorInfo(string.IsNullOrEmpty(code) ? EcsErrorIds.JobFailed : code!, EcsErrorKind.InvalidOperation,
                        message, failed.Job.JobId, null, failed);
                }
            case JobTimeoutException timeout:
                return new EcsErrorInfo(EcsErrorIds.JobTimeout, EcsErrorKind.OperationTimeout, timeout.Message,
                    timeout.StillPending.Count == 1 ? timeout.StillPending[0].JobId : null,
                    JobsMayStillFinish, timeout);
            case OperationCanceledException:
                return new EcsErrorInfo(EcsErrorIds.Cancelled, EcsErrorKind.OperationStopped, "The operation was cancelled.", null, null, exception);
            case TimeoutException:
                return new EcsErrorInfo(EcsErrorIds.Timeout, EcsErrorKind.OperationTimeout, exception.Message, null, null, exception);
            case HttpRequestException:
                return new EcsErrorInfo(EcsErrorIds.ConnectionFailed, EcsErrorKind.ConnectionError, exception.Message, null,
                    "Check the endpoint, the network path and any proxy.", exception);
            case EcsException:
                return new EcsErrorInfo(EcsErrorIds.Unexpected, EcsErrorKind.NotSpecified, exception.Message, null, null, exception);
            default:
                return new EcsErrorInfo(EcsErrorIds.Unexpected, EcsErrorKind.NotSpecified, exception.Message, null, null, exception);
        }
    }

    /// <summary>The category of a cloud error: throttling and a few ECS codes first, then the HTTP status.</summary>
    public static EcsErrorKind KindOf(EcsApiException api)
    {
        if (api is null) throw new ArgumentNullException(nameof(api));
        if (ResponseClassifier.IsThrottling(api.StatusCode, api.ErrorCode)) return EcsErrorKind.LimitsExceeded;
        switch (api.ErrorCode)
        {
            case "Ecs.0001": return EcsErrorKind.QuotaExceeded;
            case "Ecs.0010": return EcsErrorKind.ResourceExists;
            case "Ecs.0012": return EcsErrorKind.LimitsExceeded;
            case "Ecs.0307": return EcsErrorKind.ObjectNotFound;
        }
        return api.StatusCode switch
        {
            0 => EcsErrorKind.ConnectionError,
            400 => EcsErrorKind.InvalidArgument,
            401 => EcsErrorKind.SecurityError,
            403 => EcsErrorKind.PermissionDenied,
            404 => EcsErrorKind.ObjectNotFound,
            409 => EcsErrorKind.ResourceExists,
            429 => EcsErrorKind.LimitsExceeded,
            502 or 504 => EcsErrorKind.ConnectionError,
            >= 500 and <= 599 => EcsErrorKind.ResourceUnavailable,
            _ => EcsErrorKind.InvalidResult,
        };
    }

    /// <summary>The job's error code and reason, or those of its first failed sub-job.</summary>
    public static (string? ErrorCode, string? FailReason) FailureOf(EcsJob job)
    {
        if (job is null) throw new ArgumentNullException(nameof(job));
        var sub = job.SubJobs.FirstOrDefault(s => s.Status == JobStatus.Fail && (s.ErrorCode is not null || s.FailReason is not null));
        return (Nonempty(job.ErrorCode) ?? Nonempty(sub?.ErrorCode), Nonempty(job.FailReason) ?? Nonempty(sub?.FailReason));
    }

    private static string? ActionFor(EcsApiException api) => ResponseClassifier.IsThrottling(api.StatusCode, api.ErrorCode)
        ? LowerThrottleLimit
        : api.ErrorCode == EcsErrorCodes.ProjectMismatch
            ? $"The project ID belongs to another region: omit {UserWords.Input(UserInput.ProjectId)} to look up this region's project, or give this region's."
            : api.ErrorCode == EcsErrorCodes.TaskSubmissionFailed
                ? "Nothing was submitted; retry later."
                : ActionForStatus(api);

    private static string? ActionForStatus(EcsApiException api) => api.StatusCode switch
    {
        0 when api.ErrorCode == Http.ErrorResponse.ConnectionFailedCode =>
            $"Check that {UserWords.Input(UserInput.Endpoint)} (or the region's public endpoint) is right and reachable through any proxy; " +
            "for the local emulator, check that it is running on that port.",
        401 => "Check the access key and secret key, and that this computer's clock is right (requests more than 15 minutes off are rejected).",
        403 => "Check that the account or agency has ECS permissions in this project.",
        429 => LowerThrottleLimit,
        >= 500 and <= 599 => $"Retry later; if it persists, give Huawei Cloud support the request ID ({api.RequestId ?? "none"}).",
        _ => null,
    };

    /// <summary>What to do about jobs a wait gave up on: they may still finish.</summary>
    private static string JobsMayStillFinish =>
        $"The jobs may still finish: check them later with {UserWords.Task(UserTask.ShowJob)}, or wait longer with " +
        UserWords.Task(UserTask.WaitForJobs, UserWords.Switch(UserInput.TimeoutSec)) + ".";

    private static string LowerThrottleLimit => $"Lower {UserWords.Input(UserInput.ThrottleLimit)} or retry later.";

    private static string? Nonempty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
