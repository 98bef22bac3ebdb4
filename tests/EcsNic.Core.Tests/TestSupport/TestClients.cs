using System;
using System.Net.Http;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>IDs and client settings shared by the client tests.</summary>
public static class TestClients
{
    public const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string NicId = "d4e5f6a7-1234-4bcd-9ef0-123456789abc";
    public const string NicId2 = "e5f6a7b8-2345-4cde-8f01-23456789abcd";
    public const string ServerId = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f";
    public const string SubnetId = "b8f1c9e2-5a6d-4c3b-8e7f-0a1b2c3d4e5f";
    public const string SecurityGroupId = "1f2e3d4c-5b6a-4978-8877-665544332211";
    public const string JobId = "ff80808288d41e1b018990260955686a";
    public const string PortIdJson = "{\"port_id\":\"" + NicId + "\"}";
    public const string JobIdJson = "{\"job_id\":\"" + JobId + "\"}";
    public const string EmptyNicsJson = "{\"interfaceAttachments\":[],\"attachableQuantity\":{\"free_nic\":11}}";

    /// <summary>A loopback address nothing listens on; fake transports intercept every request before any socket.</summary>
    public static readonly Uri FakeEndpoint = new("https://127.0.0.1:8443");

    public static Credentials Permanent(string accessKey = "TESTAKPERMANENT00001", string secretKey = "test-secret-key-0001") =>
        new(accessKey, secretKey, source: "test");

    public static Credentials Temporary(string accessKey, string secretKey, string token) =>
        new(accessKey, secretKey, securityToken: token, source: "test");

    public static EcsClientOptions Options(HttpMessageHandler? transport, FakeClock clock, Uri? endpoint = null) => new()
    {
        Endpoint = endpoint ?? FakeEndpoint,
        ProjectId = ProjectId,
        Transport = transport,
        Clock = clock,
        Retry = new RetryOptions { Jitter = () => 0.5 },
    };

    public static EcsClient Client(HttpMessageHandler transport, FakeClock clock, Credentials? credentials = null,
        Action<EcsClientOptions>? configure = null)
    {
        var options = Options(transport, clock);
        configure?.Invoke(options);
        return new EcsClient(options, new FixedCredentialProvider(credentials ?? Permanent()));
    }
}
