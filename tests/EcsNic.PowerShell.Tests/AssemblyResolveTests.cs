using System;
using System.IO;
using System.Linq;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// The module's assembly-resolve handler, asked inside the loaded module: it answers only for the DLLs the module ships,
/// only for requests from the module itself (or with no requester), and only from the module's folder.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class AssemblyResolveTests : IDisposable
{
    private const string Ask = """
        param($Requested, $Requester, $Directory)
        $decide = [EcsNic.ModuleInitializer].GetMethod('ShippedFileFor', [System.Reflection.BindingFlags]'NonPublic,Static')
        $requesterAssembly = switch ($Requester) {
            'module'  { [EcsNic.ModuleInitializer].Assembly }
            'core'    { [EcsNic.Core.Models.ServerNic].Assembly }
            'foreign' { [System.Management.Automation.PowerShell].Assembly }
            default   { $null }
        }
        $answer = $decide.Invoke($null, @($Requested, $requesterAssembly, $Directory))
        if ($null -eq $answer) { '<none>' } else { $answer }
        """;

    private const string JsonName = "System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";

    private readonly PowerShellFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ecsnic-resolve-" + Guid.NewGuid().ToString("N"));

    public AssemblyResolveTests(PowerShellFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
        // A folder holding one of our DLLs and a foreign one that merely happens to sit beside it.
        File.Copy(Path.Combine(RepoPaths.StagedModuleDirectory, "System.Text.Json.dll"), Path.Combine(_folder, "System.Text.Json.dll"));
        File.Copy(typeof(FactAttribute).Assembly.Location, Path.Combine(_folder, "Foreign.Library.dll"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Foreign.Library, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", "module")]
    [InlineData("Foreign.Library", "none")]
    [InlineData(JsonName, "foreign")]
    [InlineData(JsonName, "core")] // EcsNic.Core is ours, but this one was not loaded from this folder
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "module")] // ours, but not in the folder
    [InlineData("not a valid, assembly=name=", "module")]
    public void A_request_that_is_not_ours_is_not_answered(string requested, string requester)
    {
        Assert.Equal("<none>", Answer(requested, requester, _folder));
    }

    [Theory]
    [InlineData(JsonName, "module")]
    [InlineData("System.Text.Json, Version=6.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "module")]
    [InlineData(JsonName, "none")] // .NET Framework may name no requester
    public void A_request_of_the_module_for_a_DLL_it_ships_is_answered_from_the_module_folder(string requested, string requester)
    {
        Assert.Equal(Path.Combine(_folder, "System.Text.Json.dll"), Answer(requested, requester, _folder));
    }

    [Fact]
    public void Every_DLL_staged_beside_EcsNic_dll_is_answered_for_the_module_and_for_the_shipped_assemblies()
    {
        var staged = Path.GetFullPath(RepoPaths.StagedModuleDirectory);
        var shipped = Directory.GetFiles(staged, "*.dll").Where(f => Path.GetFileName(f) != "EcsNic.dll").OrderBy(f => f).ToArray();
        Assert.NotEmpty(shipped);
        foreach (var file in shipped)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            Assert.Equal(file, Answer(name, "module", staged));
            Assert.Equal(file, Answer(name, "core", staged));
        }
    }

    private string Answer(string requested, string requester, string directory)
    {
        using var ps = _fixture.NewSession();
        var run = ps.Run(Ask, requested, requester, directory).AssertClean();
        return Assert.Single(run.Output).ToString();
    }
}
