using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Text;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Workflows;

/// <summary>
/// What a VPC, subnet or NIC creation builds on, checked before anything is sent: a record of another region is refused,
/// the VPC or subnet is read (an unknown one is a bad input of this region), the subnet's range is checked against its
/// VPC's (which is waited for while CREATING), a NIC's fixed IP against its subnet's range and gateway.
/// </summary>
public sealed class CreateVpcResources
{
    private readonly EcsClient _client;
    private readonly IOperationSink _sink;
    private readonly int _timeoutSec;
    private readonly IClock? _clock;

    /// <summary>
    /// Creates the operation; <paramref name="timeoutSec"/> bounds the wait for a VPC still CREATING, <paramref name="clock"/>
    /// replaces the waiter's clock (tests).
    /// </summary>
    public CreateVpcResources(EcsClient client, IOperationSink sink, int timeoutSec, IClock? clock = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _timeoutSec = timeoutSec;
        _clock = clock;
    }

    /// <summary>
    /// Refuses a record read in another region than this call's, before anything is sent: its ID means nothing there.
    /// </summary>
    public void RequireSameRegion(string? recordRegion, string parameterName, string id, string kind)
    {
        var region = _client.Options.Region;
        if (recordRegion is null || region is null || string.Equals(recordRegion, region, StringComparison.OrdinalIgnoreCase)) return;
        throw new EcsValidationException(parameterName, id,
            $"is a {kind} of region {recordRegion}, but this call works in region {region}: " +
            $"give {UserWords.Input(UserInput.Region)} {recordRegion}, or use a {kind} of {region}.");
    }

    /// <summary>
    /// Completes a subnet creation: reads its VPC (waiting while it is CREATING, as CreateSubnet answers VPC.0004 then),
    /// checks the range inside the VPC's and sets the gateway (<paramref name="gatewayIp"/> checked, else the first host
    /// address). Returns null when the VPC never became usable; the wait reported why.
    /// </summary>
    public async Task<CreateSubnetOption?> PlanSubnetAsync(CreateSubnetOption option, string parameterName, string? gatewayIp,
        CancellationToken cancellationToken)
    {
        if (option is null) throw new ArgumentNullException(nameof(option));
        var vpcId = option.VpcId;
        var vpc = await ReadVisibleAsync(ct => _client.GetVpcAsync(vpcId, ct), parameterName, vpcId, "VPC", cancellationToken)
            .ConfigureAwait(false);
        if (!string.Equals(vpc.Status, "OK", StringComparison.OrdinalIgnoreCase))
        {
            EcsVpc? ready = null;
            var wait = new WaitForResources<EcsVpc>(ResourceWaits.Vpcs(_client), new[] { vpc }, _timeoutSec, _sink, v => ready = v, _clock);
            await wait.RunAsync(cancellationToken).ConfigureAwait(false);
            if (ready is null) return null;
            vpc = ready;
        }
        option.Cidr = VpcInputValidation.SubnetCidr(option.Cidr, vpc.Cidr);
        option.GatewayIp = gatewayIp is null
            ? VpcInputValidation.DefaultGateway(option.Cidr)
            : VpcInputValidation.GatewayIp(gatewayIp.Trim(), option.Cidr);
        return option;
    }

    /// <summary>
    /// Completes a NIC creation: reads the subnet unless <paramref name="subnet"/> already tells its range, and checks
    /// <paramref name="fixedIp"/> (already a valid IPv4 address) against the range and the gateway.
    /// </summary>
    public async Task<CreatePortOption> PlanPortAsync(CreatePortOption option, EcsSubnet? subnet, string parameterName, string? fixedIp,
        CancellationToken cancellationToken)
    {
        if (option is null) throw new ArgumentNullException(nameof(option));
        var subnetId = option.NetworkId;
        var read = subnet?.Cidr is not null
            ? subnet
            : await ReadVisibleAsync(ct => _client.GetSubnetAsync(subnetId, ct), parameterName, subnetId, "subnet", cancellationToken)
                .ConfigureAwait(false);
        if (fixedIp is not null)
        {
            VpcInputValidation.FixedIp(fixedIp, read.Cidr, read.GatewayIp);
            option.FixedIps = new List<PortFixedIpOption>
            {
                new() { IpAddress = fixedIp, SubnetId = string.IsNullOrEmpty(read.NeutronSubnetId) ? null : read.NeutronSubnetId },
            };
        }
        return option;
    }

    // A 404 becomes a bad input naming the parameter: in this region the ID is unknown, a typo or another region's.
    private async Task<T> ReadVisibleAsync<T>(Func<CancellationToken, Task<T>> read, string parameterName, string id, string kind,
        CancellationToken cancellationToken)
    {
        try
        {
            return await read(cancellationToken).ConfigureAwait(false);
        }
        catch (EcsApiException ex) when (ex.StatusCode == 404)
        {
            throw new EcsValidationException(parameterName, id,
                $"is not a {kind} of region {_client.Options.Region ?? "(the endpoint's)"}: {ex.ErrorCode} {ex.ErrorMessage} " +
                $"A {kind} of another region is not visible here; check the ID and {UserWords.Input(UserInput.Region)}.");
        }
    }
}
