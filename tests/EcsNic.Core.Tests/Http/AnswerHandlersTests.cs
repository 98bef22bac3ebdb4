using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Http;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

/// <summary>
/// The two handlers that read an answer, each on its own: <see cref="ResponseBufferingHandler"/> (reads and checks the
/// body) and <see cref="ErrorAnswerHandler"/> (turns an error answer into the exception, with what retry needs).
/// </summary>
public sealed class AnswerHandlersTests
{
    [Fact]
    public async Task The_buffered_body_drops_a_byte_order_mark_and_keeps_its_content_type()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        var json = Encoding.UTF8.GetBytes("{\"port_id\":\"p\"}");
        using var transport = new ScriptedTransport(_ =>
        {
            var response = ScriptedTransport.Json(200, string.Empty);
            response.Content = new ByteArrayContent([.. bom, .. json]);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return response;
        });

        using var response = await Send(new ResponseBufferingHandler { InnerHandler = transport }, HttpMethod.Get);

        var body = Assert.IsType<BufferedContent>(response.Content);
        Assert.Equal(json, body.Bytes);
        Assert.True(body.IsComplete);
        Assert.True(body.IsJsonObject);
        Assert.False(body.CarriesErrorCode);
        Assert.Equal("application/json", body.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("DELETE", "{}")]
    [InlineData("GET", "")]
    public async Task An_empty_2xx_is_an_empty_object_only_for_a_delete(string method, string expected)
    {
        using var transport = new ScriptedTransport(_ => ScriptedTransport.Text(204, string.Empty, "text/plain"));

        using var response = await Send(new ResponseBufferingHandler { InnerHandler = transport }, new HttpMethod(method));

        var body = Assert.IsType<BufferedContent>(response.Content);
        Assert.Equal(expected, Encoding.UTF8.GetString(body.Bytes));
        Assert.Equal(method == "DELETE", !ResponseClassifier.IsError(response));
    }

    [Fact]
    public async Task A_body_larger_than_the_cap_is_not_read_to_the_end()
    {
        using var transport = new ScriptedTransport(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream(new byte[ResponseBufferingHandler.MaxResponseBytes + 1])),
        });

        using var response = await Send(new ResponseBufferingHandler { InnerHandler = transport }, HttpMethod.Get);

        var body = Assert.IsType<BufferedContent>(response.Content);
        Assert.False(body.IsComplete);
        Assert.True(body.Bytes.Length <= ResponseBufferingHandler.MaxResponseBytes);
        Assert.True(ResponseClassifier.IsError(response));
    }

    [Fact]
    public async Task An_error_answer_carries_its_retry_after_and_date_and_counts_the_attempt()
    {
        var serverDate = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var transport = new ScriptedTransport(_ =>
        {
            var response = ScriptedTransport.Json(202, "{\"error\":{\"code\":\"Common.0024\",\"message\":\"exceeds flow over limit\"}}",
                "req-7");
            response.Headers.TryAddWithoutValidation("Retry-After", "3");
            response.Headers.Date = serverDate;
            return response;
        });
        var handler = new ErrorAnswerHandler { InnerHandler = new ResponseBufferingHandler { InnerHandler = transport } };

        var answered = await Assert.ThrowsAsync<ErrorAnswerException>(() => Send(handler, HttpMethod.Get, attempt: 3));

        Assert.False(answered.IsUnreadableSuccess);
        Assert.Equal(TimeSpan.FromSeconds(3), answered.RetryAfter?.Delta);
        Assert.Equal(serverDate, answered.ServerDate);
        Assert.Equal(202, answered.Error.StatusCode);
        Assert.Equal("Common.0024", answered.Error.ErrorCode);
        Assert.Equal("req-7", answered.Error.RequestId);
        Assert.Equal(3, answered.Error.Attempts);
    }

    [Fact]
    public async Task An_unreadable_2xx_is_marked_as_such_and_its_retry_after_is_not_trusted()
    {
        using var transport = new ScriptedTransport(_ =>
        {
            var response = ScriptedTransport.Text(200, "<html>gateway page</html>");
            response.Headers.TryAddWithoutValidation("Retry-After", "3");
            return response;
        });
        var handler = new ErrorAnswerHandler { InnerHandler = new ResponseBufferingHandler { InnerHandler = transport } };

        var answered = await Assert.ThrowsAsync<ErrorAnswerException>(() => Send(handler, HttpMethod.Get));

        Assert.True(answered.IsUnreadableSuccess);
        Assert.Null(answered.RetryAfter);
        Assert.Equal(ErrorResponse.UnreadableCode, answered.Error.ErrorCode);
        Assert.Contains("not one complete JSON object", answered.Error.Message);
    }

    private static async Task<HttpResponseMessage> Send(HttpMessageHandler handler, HttpMethod method, int attempt = 1)
    {
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        using var request = new HttpRequestMessage(method, new Uri(TestClients.FakeEndpoint, "/v1/x"));
        // Options is the storage the core's netstandard2.0 Properties reads.
        request.Options.Set(new HttpRequestOptionsKey<AttemptState>(AttemptState.PropertyKey), new AttemptState(attempt));
        return await invoker.SendAsync(request, CancellationToken.None);
    }
}
