using System;
using System.Collections.Generic;
using System.Net.Http;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Errors;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.Auth;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData(400, "Ecs.0005", EcsErrorKind.InvalidArgument)]
    [InlineData(401, "APIGW.0301", EcsErrorKind.SecurityError)]
    [InlineData(403, "Ecs.0003", EcsErrorKind.PermissionDenied)]
    [InlineData(404, "Ecs.0114", EcsErrorKind.ObjectNotFound)]
    [InlineData(409, "Ecs.0100", EcsErrorKind.ResourceExists)]
    [InlineData(429, "APIGW.0308", EcsErrorKind.LimitsExceeded)]
    [InlineData(500, "Ecs.0002", EcsErrorKind.ResourceUnavailable)]
    [InlineData(503, "APIGW.0101", EcsErrorKind.ResourceUnavailable)]
    [InlineData(502, "APIGW.0202", EcsErrorKind.ConnectionError)]
    [InlineData(504, "APIGW.0203", EcsErrorKind.ConnectionError)]
    [InlineData(0, "EcsNic.NoResponse", EcsErrorKind.ConnectionError)]
    [InlineData(400, "Ecs.0001", EcsErrorKind.QuotaExceeded)]
    [InlineData(400, "Ecs.0010", EcsErrorKind.ResourceExists)]
    [InlineData(400, "Ecs.0012", EcsErrorKind.LimitsExceeded)]
    [InlineData(400, "Ecs.0307", EcsErrorKind.ObjectNotFound)]
    [InlineData(302, "EcsNic.Unexpected", EcsErrorKind.InvalidResult)]
    // Throttling is throttling whatever the status: ECS documents Common.0024 with HTTP 202.
    [InlineData(202, "Common.0024", EcsErrorKind.LimitsExceeded)]
    [InlineData(400, "Common.0024", EcsErrorKind.LimitsExceeded)]
    [InlineData(503, "Common.1503", EcsErrorKind.LimitsExceeded)]
    [InlineData(400, "Ecs.0023", EcsErrorKind.InvalidArgument)]
    public void Cloud_errors_keep_their_code_as_error_id_and_get_a_category(int status, string code, EcsErrorKind kind)
    {
        var ex = new EcsApiException(status, code, "message", "req-123", "AssociateServerVirtualIp", "nic-1");
        var info = EcsErrorClassifier.Classify(ex);
        Assert.Equal(code, info.ErrorId);
        Assert.Equal(kind, info.Kind);
        Assert.Equal("nic-1", info.TargetId);
        Assert.Contains("req-123", info.Message);
        Assert.Same(ex, info.Exception);
    }

    [Theory]
    [InlineData(401, "clock")]
    [InlineData(403, "permissions")]
    [InlineData(429, "ThrottleLimit")]
    [InlineData(500, "req-9")]
    public void Some_cloud_errors_say_what_to_do(int status, string hint)
    {
        var info = EcsErrorClassifier.Classify(new EcsApiException(status, "X.1", "m", "req-9", "ShowJob"));
        Assert.Contains(hint, info.RecommendedAction);
    }

    [Theory]
    [InlineData(400, "Ecs.0023", "another region")]
    [InlineData(400, "Ecs.0002", "Nothing was submitted")]
    [InlineData(202, "Common.0024", "Lower ThrottleLimit")]
    public void Region_submission_and_throttling_codes_say_what_to_do(int status, string code, string hint)
    {
        var info = EcsErrorClassifier.Classify(new EcsApiException(status, code, "m", "req-9", "BatchAddServerNics"));
        Assert.Contains(hint, info.RecommendedAction);
    }

    [Fact]
    public void An_empty_error_code_falls_back_to_the_status()
    {
        Assert.Equal("HTTP.418", EcsErrorClassifier.Classify(new EcsApiException(418, "", "teapot", null, "ShowJob")).ErrorId);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_unusable_named_profile_is_an_authentication_error_with_its_own_id()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", "{\"authEncrypt\":\"true\",\"current\":\"prod\",\"profiles\":[{\"name\":\"prod\"," +
            "\"mode\":\"AKSK\",\"accessKeyId\":\"AKPROD00000000000001\",\"secretAccessKey\":\"c2VjcmV0\"}]}");
        var provider = new KooCliProfileProvider(path, "prod");

        var error = await Assert.ThrowsAsync<CredentialSourceException>(() => provider.GetCredentialsAsync(System.Threading.CancellationToken.None));
        var info = EcsErrorClassifier.Classify(error);

        Assert.Equal(EcsErrorIds.CredentialSourceInvalid, info.ErrorId);
        Assert.Equal(EcsErrorKind.AuthenticationError, info.Kind);
        Assert.Contains("encrypted", info.Message);
        Assert.Contains("name another with ProfileName", info.RecommendedAction);
    }

    [Fact]
    public void Validation_errors_are_invalid_arguments()
    {
        var info = EcsErrorClassifier.Classify(new EcsValidationException("IpAddress", "1.2.3", "is not an address."));
        Assert.Equal(EcsErrorIds.InvalidParameter, info.ErrorId);
        Assert.Equal(EcsErrorKind.InvalidArgument, info.Kind);
        Assert.Contains("IpAddress '1.2.3'", info.Message);
    }

    [Fact]
    public void An_unknown_outcome_says_how_to_check()
    {
        var ex = new OutcomeUnknownException("BatchAddServerNics", "srv-1", "Run Get-EcsServerNic -ServerId srv-1.", new TimeoutException("late"));
        var info = EcsErrorClassifier.Classify(ex);
        Assert.Equal(EcsErrorIds.OutcomeUnknown, info.ErrorId);
        Assert.Equal(EcsErrorKind.OperationTimeout, info.Kind);
        Assert.Equal("Run Get-EcsServerNic -ServerId srv-1.", info.RecommendedAction);
        Assert.Equal("srv-1", info.TargetId);
    }

    [Fact]
    public void Missing_credentials_are_an_authentication_error()
    {
        var chain = new CredentialChainException(new[] { new KeyValuePair<string, string>("environment", "not set") });
        var info = EcsErrorClassifier.Classify(chain);
        Assert.Equal(EcsErrorIds.NoCredentials, info.ErrorId);
        Assert.Equal(EcsErrorKind.AuthenticationError, info.Kind);
        Assert.Contains("environment: not set", info.Message);
        Assert.Equal(EcsErrorIds.NoCredentials, EcsErrorClassifier.Classify(new CredentialUnavailableException("profile missing")).ErrorId);
    }

    [Fact]
    public void A_failed_job_uses_its_error_code_and_reason()
    {
        var job = Job("job-1", JobStatus.Fail, "Ecs.0012", "no free IP addresses");
        var info = EcsErrorClassifier.Classify(new JobFailedException(job, "Job job-1 failed."));
        Assert.Equal("Ecs.0012", info.ErrorId);
        Assert.Equal(EcsErrorKind.InvalidOperation, info.Kind);
        Assert.Equal("job-1", info.TargetId);
        Assert.Contains("no free IP addresses", info.Message);
    }

    [Fact]
    public void A_failed_job_without_a_code_takes_its_failed_sub_jobs()
    {
        var job = new EcsJob("job-2", "batchAddNics", JobStatus.Fail, "srv", null, null, null, null, new[]
        {
            new EcsSubJob("sub-1", "attachNic", JobStatus.Success, "nic-1", null, null),
            new EcsSubJob("sub-2", "attachNic", JobStatus.Fail, null, "Ecs.0010", "address in use"),
        });
        Assert.Equal(("Ecs.0010", "address in use"), EcsErrorClassifier.FailureOf(job));
        Assert.Equal("Ecs.0010", EcsErrorClassifier.Classify(new JobFailedException(job, "Job job-2 failed: address in use")).ErrorId);
    }

    [Fact]
    public void A_failed_job_without_any_code_gets_a_module_error_id()
    {
        var job = Job("job-3", JobStatus.Fail, null, null);
        Assert.Equal(EcsErrorIds.JobFailed, EcsErrorClassifier.Classify(new JobFailedException(job, "failed")).ErrorId);
    }

    [Fact]
    public void A_job_timeout_is_an_operation_timeout()
    {
        var pending = new[] { Job("job-4", JobStatus.Running, null, null) };
        var info = EcsErrorClassifier.Classify(new JobTimeoutException(pending, TimeSpan.FromSeconds(5), "Timed out: job-4"));
        Assert.Equal(EcsErrorIds.JobTimeout, info.ErrorId);
        Assert.Equal(EcsErrorKind.OperationTimeout, info.Kind);
        Assert.Equal("job-4", info.TargetId);
        Assert.NotNull(info.RecommendedAction);
    }

    [Fact]
    public void Other_exceptions_get_module_error_ids()
    {
        Assert.Equal(EcsErrorKind.OperationStopped, EcsErrorClassifier.Classify(new OperationCanceledException()).Kind);
        Assert.Equal(EcsErrorIds.Timeout, EcsErrorClassifier.Classify(new TimeoutException("slow")).ErrorId);
        Assert.Equal(EcsErrorKind.ConnectionError, EcsErrorClassifier.Classify(new HttpRequestException("refused")).Kind);
        Assert.Equal(EcsErrorIds.Unexpected, EcsErrorClassifier.Classify(new EcsException("odd")).ErrorId);
        Assert.Equal(EcsErrorIds.Unexpected, EcsErrorClassifier.Classify(new InvalidOperationException("bug")).ErrorId);
    }

    [Fact]
    public void A_single_aggregate_is_unwrapped()
    {
        var inner = new EcsApiException(404, "Ecs.0307", "NIC not found", "r", "AssociateServerVirtualIp", "nic-9");
        var info = EcsErrorClassifier.Classify(new AggregateException(new AggregateException(inner)));
        Assert.Equal("Ecs.0307", info.ErrorId);
        Assert.Same(inner, info.Exception);
    }

    [Fact]
    public void Every_kind_is_a_powershell_error_category_name()
    {
        // The module maps kinds to System.Management.Automation.ErrorCategory by name; these are that enum's names.
        var categories = new HashSet<string>
        {
            "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected", "InvalidArgument", "InvalidData",
            "InvalidOperation", "InvalidResult", "InvalidType", "MetadataError", "NotImplemented", "NotInstalled",
            "ObjectNotFound", "OperationStopped", "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied",
            "ResourceBusy", "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr", "SecurityError",
            "ProtocolError", "ConnectionError", "AuthenticationError", "LimitsExceeded", "QuotaExceeded", "NotEnabled",
        };
        Assert.All(Enum.GetNames(typeof(EcsErrorKind)), name => Assert.Contains(name, categories));
    }

    private static EcsJob Job(string id, JobStatus status, string? code, string? reason) =>
        new(id, "batchAddNics", status, "srv", null, null, code, reason, Array.Empty<EcsSubJob>());
}
