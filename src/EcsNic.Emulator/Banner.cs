using System.Linq;
using System.Text;

namespace EcsNic.Emulator;

/// <summary>The start-up text: where the emulator listens and what the demo account holds.</summary>
internal static class Banner
{
    public static string Describe(EmulatorHost host)
    {
        var a = host.Account;
        var b = new StringBuilder();
        // Every line fits an 80-column terminal: long values (URLs, UUIDs) get lines of their own.
        b.AppendLine("EcsNic emulator (ECS / VPC / IAM / instance metadata)");
        foreach (var address in host.Addresses) b.AppendLine("  Listening on:   " + address);
        b.AppendLine("  ECS and VPC:    " + host.BaseUri);
        b.AppendLine("  IAM endpoint:   " + host.IamBaseUri + "  (-IamEndpoint)");
        b.AppendLine("  " + (host.Account.SecondRegion + ":").PadRight(16) + host.RegionBaseUri(host.Account.SecondRegion));
        b.AppendLine("  Metadata base:  " + host.MetadataBaseUri);
        b.AppendLine("  Control API:    " + host.ControlUri);
        b.AppendLine();
        b.AppendLine("Demo account (fake; it opens this emulator only):");
        b.AppendLine("  Access key:  " + a.AccessKey);
        b.AppendLine("  Secret key:  " + a.SecretKey);
        b.AppendLine("  Project ID:  " + a.ProjectId);
        b.AppendLine("  Domain ID:   " + a.DomainId);
        b.AppendLine("  Region:      " + a.Region);
        b.AppendLine();
        b.AppendLine("VPCs:");
        foreach (var v in a.Vpcs) b.AppendLine("  " + v.Name.PadRight(14) + v.Id + "  " + v.Cidr);
        b.AppendLine("Subnets (subnet_id is the network ID):");
        foreach (var s in a.Subnets)
        {
            b.AppendLine("  " + s.Name.PadRight(14) + s.Id + "  " + s.Cidr);
            b.AppendLine("      gateway " + s.GatewayIp + ", vpc " + s.VpcId);
        }
        b.AppendLine("Servers and NICs:");
        foreach (var s in a.Servers.Append(a.OtherServer))
        {
            b.AppendLine("  " + s.Name.PadRight(14) + s.Id);
            foreach (var n in s.Nics)
            {
                b.AppendLine("      nic " + n.PortId + "  " + n.IpAddress);
                b.AppendLine("          mac " + n.MacAddress + "  subnet " + n.SubnetId);
            }
        }
        b.AppendLine();
        b.Append("Press Ctrl+C to stop.");
        return b.ToString();
    }

}
