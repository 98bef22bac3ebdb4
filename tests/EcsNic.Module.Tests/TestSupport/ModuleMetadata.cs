using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EcsNic.Module.Tests.TestSupport;

/// <summary>One parameter set membership of a parameter, as its [Parameter] attribute declares it.</summary>
internal sealed record ParameterBinding(string Set, bool Mandatory, int Position, bool ByValue, bool ByName);

/// <summary>A cmdlet parameter as declared in metadata.</summary>
internal sealed record CmdletParameter(string Name, Type Type, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterBinding> Bindings,
    IReadOnlyList<string> Validations)
{
    public IEnumerable<string> NamesAndAliases => new[] { Name }.Concat(Aliases);

    public IEnumerable<ParameterBinding> In(string set) =>
        Bindings.Where(b => b.Set == set || b.Set == ModuleMetadata.AllSets);
}

/// <summary>A cmdlet class as declared in metadata.</summary>
internal sealed record CmdletDefinition(Type Type, string Verb, string Noun, bool SupportsShouldProcess, string ConfirmImpact,
    string? DefaultParameterSet, IReadOnlyList<Type> OutputTypes, IReadOnlyList<CmdletParameter> Parameters)
{
    public string Name => Verb + "-" + Noun;

    public CmdletParameter Parameter(string name) => Parameters.Single(p => p.Name == name);

    /// <summary>The named parameter sets; a cmdlet without any has only the implicit one.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var sets = Parameters.SelectMany(p => p.Bindings).Select(b => b.Set).Where(s => s != ModuleMetadata.AllSets).Distinct().ToList();
            return sets.Count == 0 ? new[] { ModuleMetadata.AllSets } : sets;
        }
    }
}

/// <summary>
/// EcsNic.dll loaded for inspection only (MetadataLoadContext): nothing in it runs, so the PowerShell reference assembly
/// is enough to read every attribute.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    public const string AllSets = "__AllParameterSets";

    private const string Sma = "System.Management.Automation.";

    private readonly MetadataLoadContext _context;

    public ModuleMetadata()
    {
        var moduleDir = ModuleLocator.ModuleBuildDirectory;
        var paths = Directory.GetFiles(moduleDir, "*.dll")
            .Append(ModuleLocator.PowerShellReferenceAssembly)
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Module = _context.LoadFromAssemblyPath(Path.Combine(moduleDir, "EcsNic.dll"));
        Core = _context.LoadFromAssemblyPath(Path.Combine(moduleDir, "EcsNic.Core.dll"));
        Cmdlets = Module.GetTypes()
            .Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Sma + "CmdletAttribute"))
            .Select(Read)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();
    }

    public Assembly Module { get; }

    public Assembly Core { get; }

    internal IReadOnlyList<CmdletDefinition> Cmdlets { get; }

    internal CmdletDefinition Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    public Type CoreType(string fullName) => Core.GetType(fullName, throwOnError: true)!;

    public void Dispose() => _context.Dispose();

    private static CmdletDefinition Read(Type type)
    {
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(Flatten))
            .Select(v => v as Type ?? throw new InvalidOperationException($"{type.Name}: OutputType must name types, not strings."))
            .ToArray();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToArray();
        return new CmdletDefinition(type, (string)cmdlet.ConstructorArguments[0].Value!, (string)cmdlet.ConstructorArguments[1].Value!,
            Named(cmdlet, "SupportsShouldProcess") is true,
            Named(cmdlet, "ConfirmImpact") is { } impact ? EnumName(cmdlet, "ConfirmImpact", impact) : "Medium",
            Named(cmdlet, "DefaultParameterSetName") as string, outputs, parameters);
    }

    private static CmdletParameter? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var bindings = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute")
            .Select(a => new ParameterBinding(
                Named(a, "ParameterSetName") as string ?? AllSets,
                Named(a, "Mandatory") is true,
                Named(a, "Position") is int position ? position : int.MinValue,
                Named(a, "ValueFromPipeline") is true,
                Named(a, "ValueFromPipelineByPropertyName") is true))
            .ToArray();
        if (bindings.Length == 0) return null;
        var aliases = attributes.Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(Flatten))
            .Cast<string>()
            .ToArray();
        var validations = attributes
            .Where(a => a.AttributeType.Namespace == "System.Management.Automation" &&
                        (a.AttributeType.Name.StartsWith("Validate", StringComparison.Ordinal) ||
                         a.AttributeType.Name is "CredentialAttribute" or "ArgumentCompleterAttribute" or "AllowNullAttribute" or "AllowEmptyStringAttribute"))
            .Select(Describe)
            .OrderBy(v => v, StringComparer.Ordinal)
            .ToArray();
        return new CmdletParameter(property.Name, property.PropertyType, aliases, bindings, validations);
    }

    // "ValidateRange(1,256)", "ArgumentCompleter(RegionCompleter)", "ValidateNotNullOrEmpty".
    private static string Describe(CustomAttributeData attribute)
    {
        var name = attribute.AttributeType.Name;
        name = name.Substring(0, name.Length - "Attribute".Length);
        var args = attribute.ConstructorArguments.SelectMany(Flatten).Select(v => v switch
        {
            Type t => t.Name,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v?.ToString() ?? "null",
        }).ToArray();
        return args.Length == 0 ? name : $"{name}({string.Join(",", args)})";
    }

    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items
            ? items.Select(i => i.Value is CustomAttributeTypedArgument inner ? inner.Value : i.Value)
            : new[] { argument.Value is CustomAttributeTypedArgument inner ? inner.Value : argument.Value };

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();

    private static string EnumName(CustomAttributeData attribute, string member, object value)
    {
        var enumType = attribute.NamedArguments.Single(n => n.MemberName == member).TypedValue.ArgumentType;
        return enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Single(f => Equals(f.GetRawConstantValue(), value)).Name;
    }
}
