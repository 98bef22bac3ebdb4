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
    public void Table_views_have_four_to_six_columns_with_matching_headers()
    {
        foreach (var table in _format.Descendants("TableControl"))
        {
            var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").Count();
            var items = table.Descendants("TableColumnItem").Count();
            Assert.InRange(headers, 4, 6);
            Assert.Equal(headers, items);
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
