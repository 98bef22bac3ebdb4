using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Completion;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.Auth;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class CompletionTests
{
    private const string Server1 = "11111111-0000-4000-8000-000000000001";
    private const string Server2 = "22222222-0000-4000-8000-000000000002";
    private const string Nic1 = "a1111111-0000-4000-8000-000000000001";
    private const string Nic2 = "a2222222-0000-4000-8000-000000000002";
    private const string Nic3 = "b3333333-0000-4000-8000-000000000003";

    private static CompletionValue[] Values(params string[] values) => values.Select(v => new CompletionValue(v, string.Empty)).ToArray();

    private static string[] Texts(IEnumerable<CompletionCandidate> candidates) => candidates.Select(c => c.CompletionText).ToArray();

    private static ServerNic Nic(string server, string port, string ip, string subnet = "subnet-a") =>
        new(server, port, subnet, new[] { ip }, new[] { "neutron-" + subnet }, "fa:16:3e:00:00:01", "ACTIVE", true, "virtio", null);

    [Fact]
    public void Values_are_matched_by_prefix_ignoring_case_in_the_order_given()
    {
        var result = ArgumentCompletion.Complete("AB", Values("abc", "xab", "ABD", "ab"));
        Assert.Equal(new[] { "abc", "ABD", "ab" }, Texts(result));
    }

    [Fact]
    public void An_empty_word_offers_everything_once()
    {
        var result = ArgumentCompletion.Complete(null, Values("b", "a", "B", "c"));
        Assert.Equal(new[] { "b", "a", "c" }, Texts(result));
    }

    [Fact]
    public void Results_stop_at_the_bound()
    {
        var many = Enumerable.Range(0, 500).Select(i => "v" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ArgumentCompletion.MaxResults, ArgumentCompletion.Complete("v", Values(many)).Count);
        Assert.Equal(new[] { "v000", "v001", "v002" }, Texts(ArgumentCompletion.Complete("v", Values(many), maxResults: 3)));
    }

    [Theory]
    [InlineData("'cn-no", "cn-north-4", "'cn-north-4'")]
    [InlineData("'cn-no'", "cn-north-4", "'cn-north-4'")]
    [InlineData("\"cn-no", "cn-north-4", "\"cn-north-4\"")]
    [InlineData("cn-no", "cn-north-4", "cn-north-4")]
    [InlineData("my", "my profile", "'my profile'")]
    [InlineData("'my", "my profile", "'my profile'")]
    [InlineData("o", "o'brien", "'o''brien'")]
    [InlineData("\"c", "cost$center", "\"cost`$center\"")]
    [InlineData("\"q", "q\"uote", "\"q`\"uote\"")]
    [InlineData("-", "-dash", "'-dash'")]
    public void Completions_keep_the_users_quote_and_quote_what_needs_it(string word, string value, string expected)
    {
        Assert.Equal(new[] { expected }, Texts(ArgumentCompletion.Complete(word, Values(value))));
    }

    [Theory]
    [InlineData("'o''b", "o'b", '\'')]
    [InlineData("\"a`$b\"", "a$b", '"')]
    [InlineData("  plain ", "plain", null)]
    [InlineData("'", "", '\'')]
    public void The_typed_word_is_read_without_its_quotes(string word, string prefix, char? quote)
    {
        Assert.Equal((prefix, quote), ArgumentCompletion.Parse(word));
    }

    [Fact]
    public void The_menu_shows_the_description_and_the_value_stays_bare()
    {
        var candidate = ArgumentCompletion.Complete("n", new[] { new CompletionValue(Nic1.Replace('a', 'n'), "192.168.0.11") }).Single();
        Assert.Equal($"{Nic1.Replace('a', 'n')} (192.168.0.11)", candidate.ListItemText);
        Assert.Contains("192.168.0.11", candidate.ToolTip);
        Assert.DoesNotContain("(", candidate.CompletionText);
    }

    [Fact]
    public void Regions_complete_in_natural_order_with_their_name_and_endpoint()
    {
        var result = RegionNames.Candidates("CN-NORTH");
        Assert.NotEmpty(result);
        Assert.All(result, c => Assert.StartsWith("cn-north-", c.CompletionText));
        Assert.Equal(new[] { "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9", "cn-north-11", "cn-north-12" }, Texts(result));
        var beijing4 = result.Single(c => c.CompletionText == "cn-north-4");
        Assert.Contains("ecs.cn-north-4.myhuaweicloud.com", beijing4.ToolTip);
        Assert.Equal("cn-north-4 (CN North-Beijing4, ecs.cn-north-4.myhuaweicloud.com)", beijing4.ListItemText);
        Assert.Equal(EcsNic.Core.Api.Endpoints.KnownRegions.Count, RegionNames.Candidates(string.Empty).Count);
    }

    [Fact]
    public void Recent_ids_come_most_recent_first_and_a_repeat_moves_to_the_front()
    {
        var recent = new RecentResources();
        recent.Remember(Nic(Server1, Nic1, "192.168.0.11"));
        recent.Remember(Nic(Server2, Nic2, "192.168.0.12"));
        recent.Remember(Nic(Server2, Nic3, "192.168.1.12"));

        Assert.Equal(new[] { Nic3, Nic2, Nic1 }, Texts(recent.CompleteNicIds(null)));
        Assert.Equal(new[] { Server2, Server1 }, Texts(recent.CompleteServerIds(null)));

        recent.Remember(Nic(Server1, Nic1, "192.168.0.11"));
        Assert.Equal(new[] { Nic1, Nic3, Nic2 }, Texts(recent.CompleteNicIds(null)));
        Assert.Equal(new[] { Server1, Server2 }, Texts(recent.CompleteServerIds(null)));
        Assert.Equal(3, recent.NicCount);
    }

    [Fact]
    public void Recent_ids_are_matched_by_prefix_and_described_by_address()
    {
        var recent = new RecentResources();
        recent.Remember(Nic(Server1, Nic1, "192.168.0.11"));
        recent.Remember(Nic(Server2, Nic2, "192.168.0.12"));
        recent.Remember(Nic(Server2, Nic3, "192.168.1.12"));

        var nic = recent.CompleteNicIds("A2").Single();
        Assert.Equal(Nic2, nic.CompletionText);
        Assert.Contains("192.168.0.12", nic.ListItemText);
        Assert.Contains("server " + Server2, nic.ToolTip);

        var server = recent.CompleteServerIds("2222").Single();
        Assert.Equal(Server2, server.CompletionText);
        Assert.Contains("NICs 192.168.0.12, 192.168.1.12", server.ToolTip);
        Assert.Contains("NIC 192.168.0.11", recent.CompleteServerIds("1111").Single().ToolTip);
    }

    [Fact]
    public void Nic_ids_can_be_limited_to_the_servers_on_the_command_line()
    {
        var recent = new RecentResources();
        recent.Remember(Nic(Server1, Nic1, "192.168.0.11"));
        recent.Remember(Nic(Server2, Nic2, "192.168.0.12"));

        Assert.Equal(new[] { Nic1 }, Texts(recent.CompleteNicIds(null, new[] { Server1.ToUpperInvariant() })));
        Assert.Empty(recent.CompleteNicIds(null, new[] { "99999999-0000-4000-8000-000000000009" }));
        Assert.Equal(2, recent.CompleteNicIds(null, Array.Empty<string>()).Count);
    }

    [Fact]
    public void The_cache_forgets_the_oldest_beyond_its_capacity()
    {
        var recent = new RecentResources(capacity: 3);
        for (var i = 0; i < 10; i++)
            recent.Remember(Nic($"server-{i}", $"nic-{i}", $"10.0.0.{i}"));

        Assert.Equal(new[] { "nic-9", "nic-8", "nic-7" }, Texts(recent.CompleteNicIds(null)));
        Assert.Equal(new[] { "server-9", "server-8", "server-7" }, Texts(recent.CompleteServerIds(null)));
        Assert.Equal((3, 3), (recent.NicCount, recent.ServerCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentResources(0));
    }

    [Fact]
    public void The_cache_stays_bounded_when_written_from_many_threads()
    {
        var recent = new RecentResources(capacity: 50);
        Parallel.For(0, 2000, i => recent.Remember(Nic($"server-{i % 97}", $"nic-{i}", "10.0.0.1")));
        Assert.Equal(50, recent.NicCount);
        Assert.InRange(recent.ServerCount, 1, 50);
        Assert.Equal(50, recent.CompleteNicIds(null).Count);
    }

    [Fact]
    public void Connect_and_disconnect_clear_the_cache()
    {
        var session = new EcsSession();
        session.Recent.Remember(Nic(Server1, Nic1, "192.168.0.11"));
        session.Connect(SessionSnapshot.Empty, new EcsConnectionInfo("cn-north-4", null, null, null, null, null, false));
        Assert.Equal(0, session.Recent.NicCount);

        session.Recent.Remember(Nic(Server1, Nic1, "192.168.0.11"));
        session.Disconnect();
        Assert.Empty(session.Recent.CompleteServerIds(null));
    }

    private const string Profiles =
        "{\"current\":\"prod\",\"profiles\":[" +
        "{\"name\":\"dev\",\"mode\":\"AKSK\",\"accessKeyId\":\"AKDEV0000000000000001\",\"secretAccessKey\":\"DevSecret00000000000000000000000000000001\",\"region\":\"cn-north-4\"}," +
        "{\"name\":\"prod\",\"mode\":\"AKSK\",\"accessKeyId\":\"AKPROD000000000000001\",\"secretAccessKey\":\"ProdSecret0000000000000000000000000000001\",\"securityToken\":\"prod-sts-token\",\"region\":\"ap-southeast-1\"}," +
        "{\"name\":\"my lab\",\"mode\":\"ECSAgency\"}," +
        "{\"mode\":\"AKSK\",\"accessKeyId\":\"AKNONAME00000000000001\"}]}";

    [Fact]
    public void Profiles_complete_current_first_then_in_file_order_without_any_key()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", Profiles);

        var result = KooCliProfiles.Complete(null, path, Env.Empty);

        Assert.Equal(new[] { "prod", "dev", "'my lab'" }, Texts(result));
        Assert.Contains("current", result[0].ToolTip);
        Assert.Contains("region ap-southeast-1", result[0].ToolTip);
        Assert.Contains("ECSAgency", result[2].ToolTip);
        var shown = string.Join("\n", result.Select(c => c.CompletionText + c.ListItemText + c.ToolTip));
        foreach (var secret in new[] { "AKDEV", "AKPROD", "DevSecret", "ProdSecret", "prod-sts-token", "AKNONAME" })
            Assert.DoesNotContain(secret, shown);
        Assert.Equal(new[] { "dev" }, Texts(KooCliProfiles.Complete("D", path, Env.Empty)));
    }

    [Fact]
    public void Profiles_come_from_the_override_variable_or_the_home_folder()
    {
        using var dir = new TempDir();
        var path = dir.Write("custom.json", Profiles);
        Assert.Equal(3, KooCliProfiles.List(null, Env.Of((EnvironmentOverrides.KooCliConfigVariable, path))).Count);

        dir.Write(".hcloud/config.json", Profiles);
        Assert.Equal(3, KooCliProfiles.List(null, Env.Of(("HOME", dir.Path))).Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{ not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"profiles\":\"no\"}")]
    public void A_missing_or_broken_config_completes_nothing_and_never_throws(string? content)
    {
        using var dir = new TempDir();
        var path = content is null ? System.IO.Path.Combine(dir.Path, "absent.json") : dir.Write("config.json", content);
        Assert.Empty(KooCliProfiles.Complete(null, path, Env.Empty));
        Assert.Empty(KooCliProfiles.List(null, Env.Empty));
    }
}
