using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Http;

/// <summary>
/// Reads each answer's body to the end within the attempt (so the attempt timeout covers a slow body), up to
/// <see cref="MaxResponseBytes"/>, drops a UTF-8 byte order mark, and replaces the content with a
/// <see cref="BufferedContent"/> that knows whether it is one JSON object and whether it carries an error code.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    /// <summary>Bodies beyond this size are not read to the end; no ECS answer comes close.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private static readonly byte[] EmptyObject = { (byte)'{', (byte)'}' };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var (bytes, complete) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            // DeleteVpc, DeleteSubnet and DeletePort answer 204 No Content: an empty body is their success.
            if (complete && bytes.Length == 0 && request.Method == HttpMethod.Delete && status >= 200 && status < 300)
                bytes = EmptyObject;
            ReplaceContent(response, new BufferedContent(bytes, complete));
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<(byte[] Bytes, bool Complete)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is null) return (Array.Empty<byte>(), true);
        // Some transports ignore the token while reading; disposing the response unblocks them.
        using var registration = cancellationToken.Register(static s => ((HttpResponseMessage)s!).Dispose(), response);
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var length = response.Content.Headers.ContentLength;
        using var buffer = new MemoryStream(length is > 0 and <= MaxResponseBytes ? (int)length.Value : 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes) return (buffer.ToArray(), false);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = buffer.ToArray();
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            var withoutBom = new byte[bytes.Length - 3];
            Buffer.BlockCopy(bytes, 3, withoutBom, 0, withoutBom.Length);
            bytes = withoutBom;
        }
        return (bytes, true);
    }

    private static void ReplaceContent(HttpResponseMessage response, HttpContent content)
    {
        var old = response.Content;
        if (old is not null)
        {
            foreach (var header in old.Headers)
            {
                if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        response.Content = content;
        old?.Dispose();
    }
}

/// <summary>An answer's body, read into memory, with the checks the classifier and the error handler ask about.</summary>
internal sealed class BufferedContent : ByteArrayContent
{
    private bool? _isJsonObject;
    private bool _carriesErrorCode;

    public BufferedContent(byte[] bytes, bool isComplete) : base(bytes)
    {
        Bytes = bytes;
        IsComplete = isComplete;
    }

    /// <summary>The body as read (without a byte order mark); only its beginning when it was too large.</summary>
    public byte[] Bytes { get; }

    /// <summary>False when the body was larger than <see cref="ResponseBufferingHandler.MaxResponseBytes"/> and not read to the end.</summary>
    public bool IsComplete { get; }

    /// <summary>True when the complete body is one well-formed JSON object.</summary>
    public bool IsJsonObject => _isJsonObject ??= Inspect();

    /// <summary>True when the body is a JSON object that describes an error rather than a result.</summary>
    public bool CarriesErrorCode => IsJsonObject && _carriesErrorCode;

    // One pass answers both for any body without comments; only a malformed or commented one is read a second time.
    private bool Inspect()
    {
        if (!IsComplete) return false;
        return ErrorResponse.Scan(Bytes, out _carriesErrorCode) switch
        {
            BodyShape.Object => true,
            BodyShape.NotObject => false,
            _ => ErrorResponse.IsWellFormedJsonObject(Bytes),
        };
    }
}
