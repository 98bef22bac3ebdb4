using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace EcsNic.HelpGen.Metadata;

/// <summary>One [Parameter] attribute of a parameter.</summary>
public sealed record ParameterDeclaration(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

/// <summary>A cmdlet parameter as its metadata declares it.</summary>
public sealed record ParameterFacts(string Name, string TypeFullName, string TypeName, bool IsSwitch, IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterDeclaration> Declarations, bool SupportsWildcards, string DeclaringType)
{
    public bool InSet(string? setName) =>
        Declarations.Any(d => d.SetName == CmdletMetadata.AllSets || d.SetName == setName);

    public ParameterDeclaration? For(string? setName) =>
        Declarations.FirstOrDefault(d => d.SetName == setName) ?? Declarations.FirstOrDefault(d => d.SetName == CmdletMetadata.AllSets);
}

/// <summary>A cmdlet as its metadata declares it.</summary>
public sealed record CmdletFacts(string Name, string TypeFullName, string? DefaultSet, bool SupportsShouldProcess,
    IReadOnlyList<ParameterFacts> Parameters, IReadOnlyList<string> OutputTypes)
{
    /// <summary>The named parameter sets in order of first use; a single null for a cmdlet with only the implicit set.</summary>
    public IReadOnlyList<string?> ParameterSets
    {
        get
        {
            var sets = Parameters.SelectMany(p => p.Declarations).Select(d => d.SetName)
                .Where(s => s != CmdletMetadata.AllSets).Distinct(StringComparer.Ordinal).ToList();
            if (sets.Count == 0) return new string?[] { null };
            if (DefaultSet is not null && sets.Remove(DefaultSet)) sets.Insert(0, DefaultSet);
            return sets.Cast<string?>().ToArray();
        }
    }
}

/// <summary>
/// Reads cmdlets from EcsNic.dll without running it (MetadataLoadContext): names, parameter sets, parameters with their
/// types, aliases and pipeline binding, and output types. Only attribute data is read, so the PowerShell reference
/// assembly is enough to resolve it.
/// </summary>
public static class CmdletMetadata
{
    public const string AllSets = "__AllParameterSets";

    private const string Sma = "System.Management.Automation.";

    /// <summary>Loads a module assembly for inspection; dispose the context when done.</summary>
    public static MetadataLoadContext Load(string moduleDllPath, string powerShellReferencePath, out Assembly module)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(moduleDllPath))!;
        var paths = Directory.GetFiles(directory, "*.dll")
            .Append(powerShellReferencePath)
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        module = context.LoadFromAssemblyPath(Path.GetFullPath(moduleDllPath));
        return context;
    }

    /// <summary>
    /// The PowerShell reference assembly (PowerShellStandard.Library) in the NuGet cache, at the version
    /// Directory.Packages.props pins.
    /// </summary>
    public static string FindPowerShellReference(string repoRoot)
    {
        var props = XDocument.Load(Path.Combine(repoRoot, "Directory.Packages.props"));
        var version = props.Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "PowerShellStandard.Library")
            .Attribute("Version")!.Value;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "powershellstandard.library", version.ToLowerInvariant(), "lib", "netstandard2.0",
            "System.Management.Automation.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The PowerShell reference assembly is not in the NuGet cache: {path}. Run dotnet restore.", path);
    }

    /// <summary>Every cmdlet class of the assembly, by name.</summary>
    public static IReadOnlyList<CmdletFacts> ReadCmdlets(Assembly module) =>
        module.GetTypes()
            .Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Sma + "CmdletAttribute"))
            .Select(Read)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();

    public static CmdletFacts Read(Type type)
    {
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
        var name = (string)cmdlet.ConstructorArguments[0].Value! + "-" + (string)cmdlet.ConstructorArguments[1].Value!;
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(Flatten))
            .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "System.Object")
            .ToArray();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToArray();
        return new CmdletFacts(name, type.FullName!, Named(cmdlet, "DefaultParameterSetName") as string,
            Named(cmdlet, "SupportsShouldProcess") is true, parameters, outputs);
    }

    private static ParameterFacts? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var declarations = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute")
            .Select(a => new ParameterDeclaration(
                Named(a, "ParameterSetName") as string ?? AllSets,
                Named(a, "Mandatory") is true,
                Named(a, "Position") is int position && position >= 0 ? position : null,
                Named(a, "ValueFromPipeline") is true,
                Named(a, "ValueFromPipelineByPropertyName") is true))
            .ToArray();
        if (declarations.Length == 0) return null;
        var aliases = attributes.Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(Flatten))
            .Cast<string>()
            .ToArray();
        var wildcards = attributes.Any(a => a.AttributeType.FullName == Sma + "SupportsWildcardsAttribute");
        var type = property.PropertyType;
        return new ParameterFacts(property.Name, type.FullName!, ShortName(type), type.FullName == Sma + "SwitchParameter", aliases,
            declarations, wildcards, property.DeclaringType!.FullName!);
    }

    /// <summary>The type name Get-Command -Syntax shows in Windows PowerShell: String, String[], SwitchParameter.</summary>
    private static string ShortName(Type type) => type.IsArray ? ShortName(type.GetElementType()!) + "[]" : type.Name;

    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items
            ? items.Select(i => i.Value is CustomAttributeTypedArgument inner ? inner.Value : i.Value)
            : new[] { argument.Value is CustomAttributeTypedArgument inner ? inner.Value : argument.Value };

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}
