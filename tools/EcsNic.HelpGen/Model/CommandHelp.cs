using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.HelpGen.Model;

/// <summary>
/// One cmdlet's help page, as the platyPS (schema 2.0.0) markdown holds it. Prose is kept as the markdown lines the
/// author wrote; only the MAML and about writers turn it into plain text.
/// </summary>
public sealed class CommandHelp
{
    public CommandHelp(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The cmdlet name, such as Get-EcsServerNic.</summary>
    public string Name { get; }

    /// <summary>The front matter, in file order (external help file, Module Name, online version, schema).</summary>
    public List<KeyValuePair<string, string>> FrontMatter { get; } = new();

    /// <summary>The SYNOPSIS prose.</summary>
    public string Synopsis { get; set; } = string.Empty;

    /// <summary>One entry per parameter set.</summary>
    public List<SyntaxHelp> Syntax { get; } = new();

    /// <summary>The DESCRIPTION prose.</summary>
    public string Description { get; set; } = string.Empty;

    public List<ExampleHelp> Examples { get; } = new();

    /// <summary>The parameters in page order, including -WhatIf and -Confirm where the cmdlet has them.</summary>
    public List<ParameterHelp> Parameters { get; } = new();

    /// <summary>True when the page has the CommonParameters section.</summary>
    public bool CommonParameters { get; set; }

    public List<TypeHelp> Inputs { get; } = new();

    public List<TypeHelp> Outputs { get; } = new();

    /// <summary>The NOTES prose.</summary>
    public string Notes { get; set; } = string.Empty;

    public List<LinkHelp> RelatedLinks { get; } = new();

    /// <summary>The value of a front matter key, or null.</summary>
    public string? Front(string key)
    {
        foreach (var pair in FrontMatter)
        {
            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)) return pair.Value;
        }
        return null;
    }

    /// <summary>The verb part of the name.</summary>
    public string Verb => Name.Contains('-', StringComparison.Ordinal) ? Name[..Name.IndexOf('-', StringComparison.Ordinal)] : Name;

    /// <summary>The noun part of the name.</summary>
    public string Noun => Name.Contains('-', StringComparison.Ordinal) ? Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..] : string.Empty;
}

/// <summary>The syntax of one parameter set.</summary>
/// <param name="SetName">The set's name; null for a cmdlet with only the implicit set (no heading is written).</param>
/// <param name="IsDefault">True for the default set.</param>
/// <param name="Text">The one-line syntax, as Get-Command -Syntax would show it.</param>
public sealed record SyntaxHelp(string? SetName, bool IsDefault, string Text);

/// <summary>An example: a title, its code and the remarks after it.</summary>
public sealed class ExampleHelp
{
    public ExampleHelp(string title) => Title = title;

    /// <summary>The heading text, such as "Example 1: Bind a virtual IP".</summary>
    public string Title { get; set; }

    /// <summary>The code fences, in order, with their info string (powershell).</summary>
    public List<CodeBlock> Code { get; } = new();

    /// <summary>Prose written before the first code fence (platyPS allows it; we keep it).</summary>
    public string Introduction { get; set; } = string.Empty;

    /// <summary>Prose after the code.</summary>
    public string Remarks { get; set; } = string.Empty;
}

/// <summary>A fenced code block.</summary>
public sealed record CodeBlock(string Language, string Text);

/// <summary>A parameter: its description and one metadata block per distinct way it is declared.</summary>
public sealed class ParameterHelp
{
    public ParameterHelp(string name) => Name = name;

    /// <summary>The name without the dash.</summary>
    public string Name { get; }

    public string Description { get; set; } = string.Empty;

    public List<ParameterBlock> Blocks { get; } = new();
}

/// <summary>
/// The yaml block platyPS writes under a parameter. Every value is kept as written, so the page round-trips exactly.
/// </summary>
public sealed class ParameterBlock
{
    public string Type { get; set; } = string.Empty;

    /// <summary>"(All)" or the set names joined with ", ".</summary>
    public string ParameterSets { get; set; } = "(All)";

    /// <summary>The aliases joined with ", "; empty for none.</summary>
    public string Aliases { get; set; } = string.Empty;

    /// <summary>"True" or "False".</summary>
    public string Required { get; set; } = "False";

    /// <summary>"Named" or the position.</summary>
    public string Position { get; set; } = "Named";

    public string DefaultValue { get; set; } = "None";

    /// <summary>"False", "True (ByValue)", "True (ByPropertyName)" or "True (ByPropertyName, ByValue)".</summary>
    public string AcceptPipelineInput { get; set; } = "False";

    public string AcceptWildcardCharacters { get; set; } = "False";

    /// <summary>The set names of the block; ["(All)"] for every set.</summary>
    public IReadOnlyList<string> SetNames => ParameterSets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> AliasNames => Aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool AppliesTo(string? setName) =>
        SetNames.Contains(ParameterSetNames.All) || (setName is not null && SetNames.Contains(setName, StringComparer.OrdinalIgnoreCase));

    public bool IsRequired => string.Equals(Required, "True", StringComparison.OrdinalIgnoreCase);

    public bool ByValue => AcceptPipelineInput.Contains("ByValue", StringComparison.OrdinalIgnoreCase);

    public bool ByPropertyName => AcceptPipelineInput.Contains("ByPropertyName", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The special parameter set names.</summary>
public static class ParameterSetNames
{
    /// <summary>What platyPS writes for a parameter in every set.</summary>
    public const string All = "(All)";

    /// <summary>PowerShell's name of the implicit set.</summary>
    public const string AllParameterSets = "__AllParameterSets";
}

/// <summary>An input or output type with its description.</summary>
public sealed class TypeHelp
{
    public TypeHelp(string typeName) => TypeName = typeName;

    public string TypeName { get; }

    public string Description { get; set; } = string.Empty;
}

/// <summary>A related link; <see cref="Uri"/> is a relative .md path for the module's own pages.</summary>
public sealed record LinkHelp(string Text, string Uri);

/// <summary>An about topic: its name and markdown body (everything after the title).</summary>
public sealed record AboutHelp(string Name, string Markdown);
