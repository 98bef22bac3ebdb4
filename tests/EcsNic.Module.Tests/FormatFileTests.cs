using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>EcsNic.Format.ps1xml names only types and properties that exist, and gives every emitted record its views.</summary>
[Collection(ModuleCollection.Name)]
public sealed class FormatFileTests
{
    private readonly ModuleMetadata _module;
    private readonly XDocument _format = XDocument.Load(Path.Combine(ModuleLocator.RepoRoot, "src", "EcsNic", "EcsNic.Format.ps1xml"));

    public FormatFileTests(ModuleMetadata module) => _module = module;

    [Fact]
    public void Views_name_existing_types_and_only_their_public_properties()
    {
        var views = _format.Descendants("View").ToArray();
        Assert.NotEmpty(views);
        foreach (var view in views)
        {
            var typeName = view.Element("ViewSelectedBy")!.Elements("TypeName").Single().Value;
            var type = _module.Core.GetType(typeName) ?? _module.Module.GetType(typeName);
            Assert.True(type is not null, $"View {view.Element("Name")?.Value} names {typeName}, which does not exist.");
            var properties = type!.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in view.Descendants("PropertyName").Select(p => p.Value))
                Assert.True(properties.Contains(name), $"View {view.Element("Name")?.Value}: {typeName} has no property {name}.");
            Assert.Empty(view.Descendants("ScriptBlock"));
        }
    }

    [Fact]
    public void Every_emitted_record_has_a_table_and_a_list_view()
    {
        var types = _module.Cmdlets.SelectMany(c => c.OutputTypes).Select(t => t.FullName!)
            .Append("EcsNic.Core.Models.EcsSubJob")
            .Distinct();
        foreach (var type in types)
        {
            var views = _format.Descendants("View").Where(v => v.Element("ViewSelectedBy")!.Elements("TypeName").Any(t => t.Value == type)).ToArray();
            Assert.True(views.Any(v => v.Element("TableControl") is not null), $"{type} has no table view.");
            Assert.True(views.Any(v => v.Element("ListControl") is not null), $"{type} has no list view.");
        }
    }

    [Fact]
    public void Table_views_have_three_to_six_columns_with_matching_headers()
    {
        // Three is enough where two whole IDs fill an 80-column line (a job and its new NIC); the rest is in the list.
        foreach (var table in _format.Descendants("TableControl"))
        {
            var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").Count();
            var items = table.Descendants("TableColumnItem").Count();
            Assert.InRange(headers, 3, 6);
            Assert.Equal(headers, items);
        }
    }

    [Theory]
    [InlineData("EcsVpc.Table", "VpcId")]
    [InlineData("EcsSubnet.Table", "SubnetId")]
    [InlineData("VpcPort.Table", "PortId")]
    public void The_vpc_resource_tables_fit_80_columns_with_the_id_whole_and_room_for_the_longest_status(string viewName, string idColumn)
    {
        var view = _format.Descendants("View").Single(v => v.Element("Name")!.Value == viewName);
        var headers = view.Descendants("TableColumnHeader").ToArray();
        var widths = headers.Take(headers.Length - 1).Select(h => (int)h.Element("Width")!).ToArray();
        Assert.Equal(idColumn, headers[0].Element("Label")!.Value);
        Assert.Equal(36, widths[0]);
        // The last column gets what is left of 80: enough for CREATING (8) or compute:cn-north-4a (19).
        var last = headers[^1].Element("Label")!.Value;
        var needed = last == "DeviceOwner" ? 19 : 8;
        Assert.InRange(widths.Sum() + headers.Length - 1 + needed, 0, 80);
    }

    [Fact]
    public void Table_views_fit_an_80_column_console_and_keep_ids_whole()
    {
        foreach (var view in _format.Descendants("View").Where(v => v.Element("TableControl") is not null))
        {
            var headers = view.Descendants("TableColumnHeader").ToArray();
            var widths = headers.Take(headers.Length - 1).Select(h => (int?)h.Element("Width")).ToArray();
            Assert.True(widths.All(w => w is > 0), $"{view.Element("Name")!.Value}: every column but the last needs a width.");
            Assert.Null(headers[^1].Element("Width"));
            // One space between columns, and at least 10 columns left for the last one.
            Assert.InRange(widths.Sum(w => w!.Value) + headers.Length - 1 + 10, 0, 80);
            foreach (var header in headers.Where(h => h.Element("Width") is not null))
            {
                var label = header.Element("Label")!.Value;
                if (label is "PortId" or "NicId" or "ServerId" or "SubnetId") Assert.Equal(36, (int)header.Element("Width")!);
                if (label is "JobId" or "ProjectId") Assert.Equal(32, (int)header.Element("Width")!);
            }
        }
    }

    [Fact]
    public void A_grouped_table_does_not_repeat_its_group_as_a_column()
    {
        foreach (var view in _format.Descendants("View").Where(v => v.Element("GroupBy") is not null))
        {
            var group = view.Element("GroupBy")!.Element("PropertyName")!.Value;
            Assert.DoesNotContain(group, view.Descendants("TableColumnItem").Select(i => i.Element("PropertyName")!.Value));
        }
    }

    [Fact]
    public void List_views_show_every_public_property()
    {
        foreach (var view in _format.Descendants("View").Where(v => v.Element("ListControl") is not null))
        {
            var typeName = view.Element("ViewSelectedBy")!.Elements("TypeName").Single().Value;
            var type = _module.Core.GetType(typeName, throwOnError: true)!;
            var shown = view.Descendants("PropertyName").Select(p => p.Value).OrderBy(n => n, StringComparer.Ordinal);
            var all = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(all, shown);
        }
    }
}
