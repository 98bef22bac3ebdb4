using System;
using System.IO;
using System.Linq;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>EcsNic.psd1 at the repository root: what it exports and declares.</summary>
[Collection(ModuleCollection.Name)]
public sealed class ManifestTests
{
    private readonly ModuleMetadata _module;
    private readonly string _text;

    public ManifestTests(ModuleMetadata module)
    {
        _module = module;
        _text = Psd1.WithoutComments(File.ReadAllText(Path.Combine(ModuleLocator.RepoRoot, "EcsNic.psd1")));
    }

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlets_in_the_assembly()
    {
        var exported = Psd1.Array(_text, "CmdletsToExport");
        Assert.NotNull(exported);
        Assert.Equal(_module.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal),
            exported!.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Nothing_but_cmdlets_is_exported(string key)
    {
        Assert.Equal(Array.Empty<string>(), Psd1.Array(_text, key));
    }

    [Fact]
    public void Manifest_declares_the_root_module_editions_and_format_file()
    {
        Assert.Equal("EcsNic.dll", Psd1.Scalar(_text, "RootModule"));
        // Imported before RootModule, to pick the EcsNic.Core that EcsNic.dll's types bind to.
        Assert.Equal("EcsNic.Loader.dll", Psd1.Scalar(_text, "NestedModules"));
        Assert.Equal("5.1", Psd1.Scalar(_text, "PowerShellVersion"));
        Assert.Equal(new[] { "Desktop", "Core" }, Psd1.Array(_text, "CompatiblePSEditions"));
        Assert.Equal(new[] { "EcsNic.Format.ps1xml" }, Psd1.Array(_text, "FormatsToProcess"));
        Assert.True(Guid.TryParse(Psd1.Scalar(_text, "GUID"), out _));
        Assert.NotEmpty(Psd1.Array(_text, "Tags")!);
        Assert.StartsWith("https://", Psd1.Scalar(_text, "ProjectUri"));
        Assert.StartsWith("https://", Psd1.Scalar(_text, "LicenseUri"));
        Assert.True(File.Exists(Path.Combine(ModuleLocator.RepoRoot, "LICENSE")));
    }

    [Fact]
    public void Source_manifest_version_equals_the_build_version()
    {
        // Staging substitutes it anyway; keeping them equal lets the source manifest be imported as it is.
        Assert.Equal(ModuleLocator.ModuleVersion, Psd1.Scalar(_text, "ModuleVersion"));
    }

    [Fact]
    public void Manifest_and_format_file_are_plain_ascii()
    {
        // Windows PowerShell 5.1 reads files without a BOM in the ANSI code page.
        foreach (var file in new[] { Path.Combine(ModuleLocator.RepoRoot, "EcsNic.psd1"), Path.Combine(ModuleLocator.RepoRoot, "src", "EcsNic", "EcsNic.Format.ps1xml") })
            Assert.All(File.ReadAllBytes(file), b => Assert.True(b < 0x80, $"{file} has a non-ASCII byte."));
    }
}
