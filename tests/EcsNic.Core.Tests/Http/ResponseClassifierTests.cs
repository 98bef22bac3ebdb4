using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Text;
using EcsNic.Core.Api;
using EcsNic.Core.Http;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

/// <summary>
/// The one classifier that retry, the job waiter and <see cref="EcsApiException.IsTransient"/> ask: which answers are
/// errors, which failures are transient, which prove nothing was submitted, and what a failed attempt leads to.
/// </summary>
public sealed class ResponseClassifierTests
{
    [Theory]
    [InlineData(200, "{\"port_id\":\"p\"}", false)]
    [InlineData(202, "{\"job_id\":\"j\",\"error_code\":null}", false)]
    [InlineData(202, "{\"error\":{\"code\":\"Common.0024\",\"message\":\"exceeds flow over limit\"}}", true)]
    [InlineData(200, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}", true)]
    [InlineData(200, "<html>gateway</html>", true)]
    [InlineData(200, "{\"port_id\":", true)]
    [InlineData(200, "", true)]
    [InlineData(204, "", true)]
    [InlineData(302, "", true)]
    [InlineData(400, "{\"error\":{\"code\":\"Ecs.0005\",\"message\":\"bad\"}}", true)]
    [InlineData(503, "{}", true)]
    public void An_answer_is_an_error_outside_2xx_or_when_its_2xx_body_is_unreadable_or_carries_a_code(int status, string body,
        bool isError)
    {
        using var response = Buffered(status, body);

        Assert.Equal(isError, ResponseClassifier.IsError(response));
    }

    [Fact]
    public void A_2xx_whose_body_was_too_large_to_read_is_an_error()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new BufferedContent(Encoding.UTF8.GetBytes("{}"), isComplete: false),
        };

        Assert.True(ResponseClassifier.IsError(response));
    }

    [Theory]
    [InlineData(429, "APIGW.0308", true, true, true)]
    [InlineData(202, EcsErrorCodes.FlowControl, true, true, true)]
    [InlineData(400, EcsErrorCodes.FlowControl, true, true, true)]
    [InlineData(503, EcsErrorCodes.SystemBusy, true, true, true)]
    [InlineData(400, EcsErrorCodes.TaskSubmissionFailed, false, true, true)]
    [InlineData(500, EcsErrorCodes.TaskSubmissionFailed, false, true, false)]
    [InlineData(503, "APIGW.0201", false, true, false)]
    [InlineData(500, "Ecs.0001", false, true, false)]
    [InlineData(400, "Ecs.0005", false, false, false)]
    [InlineData(404, "Ecs.0307", false, false, false)]
    [InlineData(401, "APIGW.0301", false, false, false)]
    public void Codes_and_statuses_are_classified_once(int status, string code, bool throttling, bool transient, bool notSubmitted)
    {
        Assert.Equal(throttling, ResponseClassifier.IsThrottling(status, code));
        Assert.Equal(transient, ResponseClassifier.IsTransient(status, code));
        Assert.Equal(notSubmitted, ResponseClassifier.ProvesNotSubmitted(status, code));
        // The public members agree, because they ask the classifier.
        Assert.Equal(transient, new EcsApiException(status, code, "m", "r", "Op").IsTransient);
    }

    [Theory]
    [InlineData(401, "APIGW.0301", true)]
    [InlineData(401, "APIG.0301", true)]
    [InlineData(401, "Ecs.0001", false)]
    [InlineData(403, "APIGW.0301", false)]
    public void Only_the_gateways_401_can_be_a_date_rejection(int status, string code, bool expected) =>
        Assert.Equal(expected, ResponseClassifier.IsGatewayRejection(status, code));

    public static TheoryData<Exception, bool> PollFailures() => new()
    {
        { new EcsApiException(503, "APIGW.0201", "busy", "r", "ShowJob"), true },
        { new EcsApiException(429, "APIGW.0308", "throttled", "r", "ShowJob"), true },
        { new EcsApiException(404, "Ecs.0307", "no such job", "r", "ShowJob"), false },
        { new OutcomeUnknownException("ShowJob", "job", "Check."), true },
        { ScriptedTransport.ConnectionReset(), true },
        { new IOException("reset"), true },
        { new TimeoutException("slow"), true },
        { new OperationCanceledException(), true },
        { new EcsValidationException("JobId", "x", "is not a job ID."), false },
        { new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(PollFailures))]
    public void A_failed_poll_is_transient_when_repeating_it_can_help(Exception error, bool transient) =>
        Assert.Equal(transient, ResponseClassifier.IsTransient(error));

    [Theory]
    [InlineData(true, nameof(FailureKind.ConnectionRefused))]
    [InlineData(false, nameof(FailureKind.ConnectionFailed))]
    public void A_refused_connection_is_told_from_a_dropped_one(bool refused, string expected)
    {
        var error = refused ? ScriptedTransport.ConnectionRefused() : ScriptedTransport.ConnectionReset();

        Assert.True(ResponseClassifier.IsConnectionFailure(error));
        Assert.Equal(expected, ResponseClassifier.ConnectionFailureKind(error).ToString());
    }

    [Fact]
    public void A_failed_handshake_is_a_tls_failure_and_an_unrelated_exception_no_connection_failure()
    {
        var tls = new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("untrusted root"));

        Assert.Equal(FailureKind.TlsFailed, ResponseClassifier.ConnectionFailureKind(tls));
        Assert.False(ResponseClassifier.IsConnectionFailure(new InvalidOperationException("bug")));
    }

    public static TheoryData<string, bool, string> Verdicts() => new()
    {
        // Idempotent calls (GET, PUT) are repeated on anything that may pass, but not on a definitive answer or a bad certificate.
        { "503", true, nameof(RetryVerdict.Retry) },
        { "400", true, nameof(RetryVerdict.Fail) },
        { "unreadable", true, nameof(RetryVerdict.Retry) },
        { "timeout-sent", true, nameof(RetryVerdict.Retry) },
        { "refused", true, nameof(RetryVerdict.Retry) },
        { "dropped", true, nameof(RetryVerdict.Retry) },
        { "tls", true, nameof(RetryVerdict.Fail) },
        // A POST is repeated only when nothing can have been submitted; once sent, its outcome is unknown.
        { "429", false, nameof(RetryVerdict.Retry) },
        { "Ecs.0002-400", false, nameof(RetryVerdict.Retry) },
        { "refused", false, nameof(RetryVerdict.Retry) },
        { "503", false, nameof(RetryVerdict.OutcomeUnknown) },
        { "unreadable", false, nameof(RetryVerdict.OutcomeUnknown) },
        { "timeout-sent", false, nameof(RetryVerdict.OutcomeUnknown) },
        { "dropped", false, nameof(RetryVerdict.OutcomeUnknown) },
        { "timeout-unsent", false, nameof(RetryVerdict.Fail) },
        { "400", false, nameof(RetryVerdict.Fail) },
        { "tls", false, nameof(RetryVerdict.Fail) },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void A_failed_attempt_is_retried_failed_or_outcome_unknown(string failure, bool idempotent, string expected) =>
        Assert.Equal(expected, ResponseClassifier.Decide(Failure(failure), idempotent).ToString());

    private static AttemptFailure Failure(string name) => name switch
    {
        "503" => Answer(503, "APIGW.0201"),
        "400" => Answer(400, "Ecs.0005"),
        "429" => Answer(429, "APIGW.0308"),
        "Ecs.0002-400" => Answer(400, EcsErrorCodes.TaskSubmissionFailed),
        "unreadable" => AttemptFailure.Of(new ErrorAnswerException(
            new EcsApiException(200, "EcsNic.UnreadableResponse", "html", "r", "Op"), isUnreadableSuccess: true, null, null)),
        "timeout-sent" => AttemptFailure.TimedOut(new OperationCanceledException(), handedToTransport: true),
        "timeout-unsent" => AttemptFailure.TimedOut(new OperationCanceledException(), handedToTransport: false),
        "refused" => AttemptFailure.ConnectionFailed(ScriptedTransport.ConnectionRefused()),
        "dropped" => AttemptFailure.ConnectionFailed(ScriptedTransport.ConnectionReset()),
        "tls" => AttemptFailure.ConnectionFailed(new HttpRequestException("TLS", new AuthenticationException("untrusted"))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static AttemptFailure Answer(int status, string code) =>
        AttemptFailure.Of(new ErrorAnswerException(new EcsApiException(status, code, "m", "r", "Op"), false, null, null));

    private static HttpResponseMessage Buffered(int status, string body) => new((HttpStatusCode)status)
    {
        Content = new BufferedContent(Encoding.UTF8.GetBytes(body), isComplete: true),
    };
}
