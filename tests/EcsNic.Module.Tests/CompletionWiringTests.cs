using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// The wiring of tab completion that the cmdlet surface tests cannot see: the completer classes PowerShell instantiates,
/// and the single path by which NIC records reach the session's completion cache (EcsCmdlet.WriteObject).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CompletionWiringTests
{
    private const string Sma = "System.Management.Automation.";

    private readonly ModuleMetadata _module;

    public CompletionWiringTests(ModuleMetadata module) => _module = module;

    [Fact]
    public void Every_completer_is_a_public_sealed_argument_completer_with_a_default_constructor()
    {
        var completers = _module.Module.GetTypes().Where(t => t.Namespace == "EcsNic.Completers" && t.IsPublic && !t.IsAbstract).ToArray();
        Assert.Equal(new[] { "JobIdCompleter", "NicIdCompleter", "ProfileNameCompleter", "RegionCompleter", "ServerIdCompleter" },
            completers.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(completers, t =>
        {
            Assert.True(t.IsSealed, t.Name);
            Assert.Contains(t.GetInterfaces(), i => i.FullName == Sma + "IArgumentCompleter");
            Assert.NotNull(t.GetConstructor(Type.EmptyTypes));
            // One shape: each names its candidates, the base makes PowerShell's results.
            Assert.Equal("EcsNic.Completers.CandidateCompleter", t.BaseType?.FullName);
        });
    }

    [Fact]
    public void Server_and_nic_ids_complete_wherever_they_are_parameters()
    {
        foreach (var cmdlet in _module.Cmdlets)
        {
            foreach (var parameter in cmdlet.Parameters.Where(p => p.Name is "ServerId" or "NicId" or "ProfileName" or "Region" or "JobId"))
            {
                var completer = parameter.Validations.SingleOrDefault(v => v.StartsWith("ArgumentCompleter(", StringComparison.Ordinal));
                Assert.Equal($"ArgumentCompleter({parameter.Name}Completer)", completer);
            }
        }
    }

    [Fact]
    public void Cmdlets_write_records_only_through_the_ecs_base_so_nics_reach_the_completion_cache()
    {
        var baseType = _module.Module.GetType("EcsNic.Commands.EcsCmdlet", throwOnError: true)!;
        Assert.NotNull(baseType.GetMethods(BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .SingleOrDefault(m => m.Name == "WriteObject" && m.GetParameters().Length == 1));

        var calls = WriteObjectCalls(Path.Combine(ModuleLocator.ModuleBuildDirectory, "EcsNic.dll"));
        // Disconnect-EcsCloud is a plain PSCmdlet and writes only the connection record.
        bool IsEcsCmdlet(string caller) => _module.Module.GetType(caller[..caller.IndexOf("::", StringComparison.Ordinal)])!.IsSubclassOf(baseType);
        var direct = calls.Where(c => c.Callee == Sma + "Cmdlet" && IsEcsCmdlet(c.Caller));
        Assert.Empty(direct.Select(c => $"{c.Caller} calls Cmdlet.WriteObject directly, bypassing EcsCmdlet.WriteObject."));
        // The one place a record reaches PowerShell: the pump's writer in the base, which remembers NICs and jobs first.
        var baseWrites = calls.Where(c => c.Callee == Sma + "Cmdlet" && c.Caller.StartsWith("EcsNic.Commands.EcsCmdlet::", StringComparison.Ordinal))
            .Select(c => c.Caller).ToArray();
        Assert.Equal(new[] { "EcsNic.Commands.EcsCmdlet::EcsNic.Pipeline.IPipelineWriter.WriteRecord" }, baseWrites);
    }

    // Every call to a method named WriteObject in the IL of EcsNic.Commands, as (calling type::method, declaring type of
    // the callee). MetadataLoadContext cannot resolve IL tokens, so the metadata is read directly.
    private static IReadOnlyList<(string Caller, string Callee)> WriteObjectCalls(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        var calls = new List<(string, string)>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var outer = type;
            while (outer.IsNested) outer = reader.GetTypeDefinition(outer.GetDeclaringType());
            var outerName = reader.GetString(outer.Namespace) + "." + reader.GetString(outer.Name);
            if (!outerName.StartsWith("EcsNic.Commands.", StringComparison.Ordinal)) continue;
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0) continue;
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
                for (var i = 0; i + 4 < il.Length; i++)
                {
                    // call, callvirt; a stray byte pair may match, but only real method tokens named WriteObject count.
                    if (il[i] is not (0x28 or 0x6F)) continue;
                    var callee = WriteObjectOwner(reader, BitConverter.ToInt32(il, i + 1));
                    if (callee is not null) calls.Add((outerName + "::" + reader.GetString(method.Name), callee));
                }
            }
        }
        return calls;
    }

    private static string? WriteObjectOwner(MetadataReader reader, int token)
    {
        try
        {
            var handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                {
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    if (reader.GetString(method.Name) != "WriteObject") return null;
                    var type = reader.GetTypeDefinition(method.GetDeclaringType());
                    return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
                }
                case HandleKind.MemberReference:
                {
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    if (reader.GetString(member.Name) != "WriteObject") return null;
                    if (member.Parent.Kind != HandleKind.TypeReference) return "?";
                    var type = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
                    return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
                }
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or ArgumentException)
        {
            // A stray 0x28/0x6F byte followed by four bytes that are no token at all (MetadataTokens throws ArgumentException).
            return null;
        }
    }
}
