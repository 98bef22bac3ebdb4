
namespace EcsNic.Core.Http;

/// <summary>What the signer produced for one request: the headers to set, and on request the intermediate texts.</summary>
public sealed class SigningResult
{
    internal SigningResult(string authorization, string sdkDate, string? hostToAdd, bool unsignedPayload,
        string? canonicalRequest, string? stringToSign)
    {
        Authorization = authorization;
        SdkDate = sdkDate;
        HostToAdd = hostToAdd;
        UnsignedPayload = unsignedPayload;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
    }

    /// <summary>The value of the Authorization header. It carries a signature: never log it unredacted.</summary>
    public string Authorization { get; }

    /// <summary>The X-Sdk-Date value that was signed.</summary>
    public string SdkDate { get; }

    /// <summary>The Host value the signer signed and the caller must send, when the request did not carry one.</summary>
    public string? HostToAdd { get; }

    /// <summary>True when X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD was signed and must be sent.</summary>
    public bool UnsignedPayload { get; }

    /// <summary>The canonical request, only when diagnostics were asked for.</summary>
    public string? CanonicalRequest { get; }

    /// <summary>The string to sign, only when diagnostics were asked for.</summary>
    public string? StringToSign { get; }

    /// <summary>The SignedHeaders list taken from <see cref="Authorization"/>.</summary>
    public string SignedHeaders
    {
        get
        {
            const string marker = "SignedHeaders=";
            var start = Authorization.IndexOf(marker, System.StringComparison.Ordinal) + marker.Length;
            var end = Authorization.IndexOf(',', start);
            return Authorization.Substring(start, end - start);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SigningResult(SdkDate={SdkDate}, SignedHeaders={SignedHeaders})";
}
