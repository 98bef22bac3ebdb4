using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator;

/// <summary>Parses the command line of the emulator executable.</summary>
internal sealed class EmulatorCommandLine
{
    public const string Usage = """
        Usage: dotnet run --project src/EcsNic.Emulator -- [options]

          --urls <url[;url...]>          Where to listen (default http://127.0.0.1:5080). Loopback only unless --allow-remote.
          --allow-remote                 Allow a non-loopback address (the emulator has no real security: think twice).
          --seed <n>                     Seed for IDs, MACs and fault dice (default 1).
          --servers <n>                  Demo servers in the demo VPC, 1..200 (default 3).
          --max-nics <n>                 NIC quota per server (default 12).
          --job-duration-ms <n>          Default job duration (default 2000).
          --race <on|off>                allowed_address_pairs race model (default on).
          --race-pause-ms <n>            Pause between read and write in the race model (default 5).
          --clock-offset-seconds <n>     Shift the emulator's clock (Date header, signature window).
          --require-metadata-token       securitykey requires X-Metadata-Token.
          --no-agency                    securitykey answers 404 (no agency on the instance).
          --credential-lifetime-seconds <n>  Lifetime of metadata-issued credentials (default 3600).
          --fault <op:kind[:count[:retry-after]]>   Arm a fault; op is an SDK operation name or *; kind is throttle,
                                         server_error, service_unavailable, drop_before, drop_after, html_error or
                                         truncated_json; count 0 means every request.
          --latency <op:ms | op:min-max[:count]>    Add latency.
          --access-key, --secret-key, --project-id, --domain-id, --region <value>   Override the demo account.
          --help                         Show this text.
        """;

    public EmulatorOptions Options { get; } = new();
    public List<IPEndPoint> Endpoints { get; } = new();
    public List<string> NonLoopback { get; } = new();
    public bool AllowRemote { get; private set; }
    public bool Help { get; private set; }

    public static EmulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new EmulatorCommandLine();
        var urls = "http://127.0.0.1:5080";
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException(arg + " needs a value.");
            switch (arg)
            {
                case "--help" or "-h" or "-?": line.Help = true; break;
                case "--urls": urls = Value(); break;
                case "--allow-remote": line.AllowRemote = true; break;
                case "--seed": line.Options.Seed = Int(arg, Value()); break;
                case "--servers": line.Options.ServerCount = Int(arg, Value()); break;
                case "--max-nics": line.Options.MaxNicsPerServer = Int(arg, Value()); break;
                case "--job-duration-ms": line.Options.JobDuration = TimeSpan.FromMilliseconds(Int(arg, Value())); break;
                case "--race": line.Options.RaceModelEnabled = OnOff(arg, Value()); break;
                case "--race-pause-ms": line.Options.RacePause = TimeSpan.FromMilliseconds(Int(arg, Value())); break;
                case "--clock-offset-seconds": line.Options.ClockOffset = TimeSpan.FromSeconds(Int(arg, Value())); break;
                case "--require-metadata-token": line.Options.RequireMetadataToken = true; break;
                case "--no-agency": line.Options.MetadataAgencyConfigured = false; break;
                case "--credential-lifetime-seconds": line.Options.TemporaryCredentialLifetime = TimeSpan.FromSeconds(Int(arg, Value())); break;
                case "--fault": line.Options.Faults.Add(Fault(Value())); break;
                case "--latency": line.Options.Latency.Add(Latency(Value())); break;
                case "--access-key": line.Options.AccessKey = Value(); break;
                case "--secret-key": line.Options.SecretKey = Value(); break;
                case "--project-id": line.Options.ProjectId = Value(); break;
                case "--domain-id": line.Options.DomainId = Value(); break;
                case "--region": line.Options.Region = Value(); break;
                default: throw new FormatException("Unknown option '" + arg + "'. Use --help.");
            }
        }
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var endpoint = Endpoint(url, out var loopback);
            line.Endpoints.Add(endpoint);
            if (!loopback) line.NonLoopback.Add(url);
        }
        if (line.Endpoints.Count == 0) throw new FormatException("--urls lists no address.");
        return line;
    }

    private static IPEndPoint Endpoint(string url, out bool loopback)
    {
        const string scheme = "http://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw new FormatException("'" + url + "': only http:// addresses are supported.");
        var rest = url[scheme.Length..].TrimEnd('/');
        if (rest.Contains('/', StringComparison.Ordinal)) throw new FormatException("'" + url + "': a path is not allowed.");
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || rest.EndsWith(']')) throw new FormatException("'" + url + "': give a port, e.g. http://127.0.0.1:5080.");
        var host = rest[..colon].Trim('[', ']');
        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new FormatException("'" + url + "': the port is not a number from 0 to 65535.");
        IPAddress address;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (host is "*" or "+") address = IPAddress.Any;
        else if (!IPAddress.TryParse(host, out address!))
            throw new FormatException("'" + url + "': give an IP address or localhost, not a host name.");
        loopback = IPAddress.IsLoopback(address);
        return new IPEndPoint(address, port);
    }

    private static FaultRule Fault(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 4) throw new FormatException("--fault takes op:kind[:count[:retry-after]], not '" + spec + "'.");
        var count = parts.Length > 2 ? Int("--fault", parts[2]) : 1;
        return new FaultRule
        {
            Operation = parts[0],
            Kind = FaultKindNames.Parse(parts[1]),
            Count = count == 0 ? null : count,
            RetryAfterSeconds = parts.Length > 3 ? Int("--fault", parts[3]) : null,
        };
    }

    private static LatencyRule Latency(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3) throw new FormatException("--latency takes op:ms or op:min-max[:count], not '" + spec + "'.");
        int? count = parts.Length > 2 ? Int("--latency", parts[2]) : null;
        var range = parts[1].Split('-');
        return range.Length == 2
            ? new LatencyRule
            {
                Operation = parts[0],
                Min = TimeSpan.FromMilliseconds(Int("--latency", range[0])),
                Max = TimeSpan.FromMilliseconds(Int("--latency", range[1])),
                Count = count,
            }
            : new LatencyRule { Operation = parts[0], Fixed = TimeSpan.FromMilliseconds(Int("--latency", parts[1])), Count = count };
    }

    private static int Int(string option, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException(option + " takes a whole number, not '" + value + "'.");

    private static bool OnOff(string option, string value) => value.ToLowerInvariant() switch
    {
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new FormatException(option + " takes on or off, not '" + value + "'."),
    };
}
