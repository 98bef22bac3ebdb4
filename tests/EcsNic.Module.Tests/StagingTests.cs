using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// out/EcsNic, which every build of src/EcsNic stages: the allow-listed files and nothing else (the en-US help
/// included), a manifest carrying the build version, and DLLs whose references all resolve inside the folder or to the
/// platform.
/// </summary>
public sealed class StagingTests
{
    private static readonly string[] AllowList =
    {
        "EcsNic.dll", "EcsNic.Core.dll", "EcsNic.Loader.dll", Path.Combine("coreclr", "EcsNic.Core.dll"), "EcsNic.psd1", "EcsNic.Format.ps1xml",
        "System.Text.Json.dll", "System.Text.Encodings.Web.dll", "Microsoft.Bcl.AsyncInterfaces.dll", "System.Memory.dll",
        "System.Buffers.dll", "System.Numerics.Vectors.dll", "System.Runtime.CompilerServices.Unsafe.dll",
        "System.Threading.Tasks.Extensions.dll",
        Path.Combine("en-US", "EcsNic.dll-Help.xml"), Path.Combine("en-US", "about_EcsNic.help.txt"),
    };

    // What Windows PowerShell 5.1 and PowerShell 7.4 provide themselves.
    private static readonly string[] Platform = { "netstandard", "mscorlib", "System.Management.Automation" };

    private static string Staged => ModuleLocator.StagedModuleDirectory;

    [Fact]
    public void Staged_folder_holds_exactly_the_allow_list()
    {
        Assert.True(Directory.Exists(Staged), $"{Staged} does not exist; build src/EcsNic to stage it.");
        var files = Directory.GetFiles(Staged, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Staged, f));
        Assert.Equal(AllowList.OrderBy(f => f, StringComparer.Ordinal), files.OrderBy(f => f, StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(Staged, "System.Management.Automation.dll")));
    }

    [Fact]
    public void Staged_manifest_carries_the_build_version_and_is_otherwise_the_source_manifest()
    {
        var staged = File.ReadAllText(Path.Combine(Staged, "EcsNic.psd1"));
        var source = File.ReadAllText(Path.Combine(ModuleLocator.RepoRoot, "EcsNic.psd1"));
        Assert.Equal(ModuleLocator.ModuleVersion, Psd1.Scalar(staged, "ModuleVersion"));
        static string[] Lines(string text) => text.Replace("\r\n", "\n").TrimEnd().Split('\n').Where(l => !l.Contains("ModuleVersion")).ToArray();
        Assert.Equal(Lines(source), Lines(staged));
    }

    [Fact]
    public void Staged_format_file_is_the_source_one()
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModuleLocator.RepoRoot, "src", "EcsNic", "EcsNic.Format.ps1xml")),
            File.ReadAllBytes(Path.Combine(Staged, "EcsNic.Format.ps1xml")));
    }

    [Fact]
    public void Every_reference_of_a_staged_dll_resolves_in_the_folder_at_an_equal_or_higher_version()
    {
        var staged = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        var references = new List<(string From, string Name, Version Version)>();
        foreach (var file in Directory.GetFiles(Staged, "*.dll"))
        {
            using var pe = new PEReader(File.OpenRead(file));
            var reader = pe.GetMetadataReader();
            var definition = reader.GetAssemblyDefinition();
            staged[reader.GetString(definition.Name)] = definition.Version;
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                references.Add((Path.GetFileName(file), reader.GetString(reference.Name), reference.Version));
            }
        }
        Assert.All(references.Where(r => !Platform.Contains(r.Name)), r =>
        {
            Assert.True(staged.TryGetValue(r.Name, out var version), $"{r.From} needs {r.Name}, which is not staged.");
            // The module's resolver hands out the staged copy for any requested version, so it must not be older.
            Assert.True(version >= r.Version, $"{r.From} needs {r.Name} {r.Version}; {version} is staged.");
        });
    }

    [Fact]
    public void The_coreclr_core_is_the_same_assembly_built_for_net10_and_compiled_ReadyToRun_for_linux_x64()
    {
        using var portable = new PEReader(File.OpenRead(Path.Combine(Staged, "EcsNic.Core.dll")));
        using var coreClr = new PEReader(File.OpenRead(Path.Combine(Staged, "coreclr", "EcsNic.Core.dll")));
        var portableName = portable.GetMetadataReader().GetAssemblyDefinition();
        var coreClrName = coreClr.GetMetadataReader().GetAssemblyDefinition();
        Assert.Equal(portable.GetMetadataReader().GetString(portableName.Name), coreClr.GetMetadataReader().GetString(coreClrName.Name));
        Assert.Equal(portableName.Version, coreClrName.Version);
        Assert.Equal(".NETStandard,Version=v2.0", TargetFramework(portable.GetMetadataReader()));
        Assert.Equal(".NETCoreApp,Version=v10.0", TargetFramework(coreClr.GetMetadataReader()));

        // The one beside EcsNic.dll is plain IL, which .NET Framework loads; the other carries native code for linux-x64:
        // crossgen2 marks the machine as AMD64 XOR 0x7B79 (Linux) and points the CLI header at its ReadyToRun header.
        Assert.True((portable.PEHeaders.CorHeader!.Flags & CorFlags.ILOnly) != 0);
        Assert.Equal(0, portable.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size);
        Assert.Equal((ushort)(0x8664 ^ 0x7B79), (ushort)coreClr.PEHeaders.CoffHeader.Machine);
        Assert.True(coreClr.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
    }

    private static string TargetFramework(MetadataReader reader)
    {
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            var type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (reader.GetString(type.Name) != "TargetFrameworkAttribute") continue;
            var blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            return blob.ReadSerializedString() ?? string.Empty;
        }

        return string.Empty;
    }
}
