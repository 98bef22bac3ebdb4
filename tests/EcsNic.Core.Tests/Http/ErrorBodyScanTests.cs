using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using EcsNic.Core.Http;
using Xunit;

namespace EcsNic.Core.Tests.Http;

/// <summary>
/// <see cref="ErrorResponse.Scan"/> scans a 2xx body instead of building a document: every body here must
/// get the answer of the document-based reading it replaced (kept below as the oracle), repeated names and escapes too;
/// a buffered body (<see cref="BufferedContent"/>) reads once what it used to read twice, with the same answers.
/// </summary>
public sealed class ErrorBodyScanTests
{
    public static IEnumerable<object[]> Bodies() => new[]
    {
        "{\"error\":{\"code\":\"Ecs.0023\",\"message\":\"x\"}}",
        "{\"error\":{\"code\":\"\",\"message\":\"x\"}}",
        "{\"error\":{\"code\":404}}",
        "{\"error\":{\"code\":{\"a\":1}}}",
        "{\"error\":\"Ecs.0023\"}",
        "{\"error\":[{\"code\":\"Ecs.0023\"}]}",
        "{\"error\":{\"code\":\"Ecs.1\"},\"error\":{}}",
        "{\"error\":{},\"error\":{\"code\":\"Ecs.1\"}}",
        "{\"error\":{\"code\":\"A.1\",\"code\":\"\"}}",
        "{\"error\":{\"inner\":{\"code\":\"A.1\"}}}",
        "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"bad\"}",
        "{\"error_code\":\"APIGW.0301\"}",
        "{\"error_code\":\"\",\"error_msg\":\"bad\"}",
        "{\"error_code\":\"Ecs.0005\",\"error_msg\":\"bad\",\"job_id\":\"j\"}",
        "{\"job_id\":\"j\",\"error\":{\"code\":\"Ecs.0005\"}}",
        "{\"status\":\"FAIL\",\"error_code\":\"Ecs.0005\",\"error_msg\":\"bad\"}",
        "{\"code\":\"Common.0024\",\"message\":\"busy\"}",
        "{\"code\":\"Common.0024\"}",
        "{\"code\":\"Common.x\",\"message\":\"busy\"}",
        "{\"code\":\"Common.\",\"message\":\"busy\"}",
        "{\"code\":\".0024\",\"message\":\"busy\"}",
        "{\"code\":200,\"message\":\"ok\"}",
        "{\"code\":\"VPC.0007\",\"message\":null}",
        "{\"\\u0063ode\":\"Common.0024\",\"message\":\"busy\"}",
        "{\"co\\u0064e\":\"Common.0024\",\"m\\u0065ssage\":\"busy\"}",
        "{\"code\":\"Common\\u002E0024\",\"message\":\"busy\"}",
        "{\"port_id\":\"p\"}",
        "{\"ports\":[{\"id\":\"a\",\"code\":\"X.1\",\"message\":\"m\"}]}",
        "{\"ports\":[{\"error\":{\"code\":\"X.1\"}}],\"n\":{\"error_code\":\"E.1\",\"error_msg\":\"m\"}}",
        "{}",
        "[]",
        "[{\"error\":{\"code\":\"Ecs.1\"}}]",
        "\"text\"",
        "",
        "   ",
        "{\"error\":{\"code\":\"Ecs.1\"}} trailing",
        "{\"error\":{\"code\":\"Ecs.1\"}}{}",
        "{\"error\":{\"code\":\"Ecs.1\"}}   \n",
        "{\"error\":{\"code\":\"Ecs.1\"}",
        "{\"error\":{\"code\":\"Ecs.1\"}} /* c */",
        "{/* c */\"error\":{\"code\":\"Ecs.1\"}}",
        "{\"error\":{\"code\":\"Ecs.1\"},}",
        "{\"code\":\"A.1\",\"message\":\"m\",\"status\":null}",
        "{\"status\":1,\"code\":\"A.1\",\"message\":\"m\"}",
        "{\"error\":{\"code\":\"Ecs.1\",\"deep\":[[[[{\"x\":[1,2,{\"y\":null}]}]]]]}}",
    }.Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(Bodies))]
    public void The_scan_answers_as_the_document_reading_did(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var shape = ErrorResponse.Scan(bytes, out var carriesErrorCode);

        Assert.Equal(DocumentReading(bytes), shape == BodyShape.Object && carriesErrorCode);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_buffered_body_answers_both_questions_as_the_two_readings_did(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var wellFormed = ErrorResponse.IsWellFormedJsonObject(bytes);

        var buffered = new BufferedContent(bytes, isComplete: true);

        Assert.Equal((wellFormed, wellFormed && DocumentReading(bytes)), (buffered.IsJsonObject, buffered.CarriesErrorCode));
    }

    [Fact]
    public void The_oracle_itself_tells_errors_from_results()
    {
        Assert.True(DocumentReading(Encoding.UTF8.GetBytes("{\"code\":\"Common.0024\",\"message\":\"busy\"}")));
        Assert.False(DocumentReading(Encoding.UTF8.GetBytes("{\"port_id\":\"p\"}")));
    }

    // The reading the scan replaced, as it was (with the element reading the error details still use).
    private static bool DocumentReading(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                !string.IsNullOrEmpty(ErrorResponse.Text(error, "code")))
                return true;
            if (root.TryGetProperty("job_id", out _) || root.TryGetProperty("status", out _)) return false;
            if (!string.IsNullOrEmpty(ErrorResponse.Text(root, "error_code")) && root.TryGetProperty("error_msg", out _)) return true;
            var code = ErrorResponse.Text(root, "code");
            if (code is null) return false;
            var dot = code.IndexOf('.');
            return dot > 0 && dot < code.Length - 1 && code.Substring(dot + 1).All(c => c is >= '0' and <= '9') &&
                   root.TryGetProperty("message", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
