using BenchmarkDotNet.Attributes;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;

namespace EcsNic.Benchmarks.Signing;

/// <summary>P1: one signed bind PUT (the official vector), EcsNic's signer against the naive baseline.</summary>
[MemoryDiagnoser]
public class SignerBenchmarks
{
    private BindVector _vector = null!;
    private Credentials _credentials = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vector = BindVector.Load();
        _credentials = new Credentials(_vector.AccessKey, _vector.SecretKey);
        SigningCheck.Verify(_vector, EcsNicSigner(), NaiveSigner());
    }

    [Benchmark(Description = "EcsNic RequestSigner")]
    public string EcsNicSigner() =>
        RequestSigner.Instance.Sign(_vector.Method, _vector.Uri, _vector.Headers, _vector.ContentType, _vector.Body, _credentials,
            default).Authorization;

    [Benchmark(Baseline = true, Description = "Naive baseline")]
    public string NaiveSigner() =>
        Signing.NaiveSigner.Sign(_vector.Method, _vector.Uri, _vector.Headers, _vector.BodyText, _vector.AccessKey, _vector.SecretKey);
}
