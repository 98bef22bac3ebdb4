using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using EcsNic.Emulator.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EcsNic.Emulator.Endpoints;

/// <summary>The request rules the VPC calls share: paging, query values, names, descriptions and security group lists.</summary>
internal static class VpcRequests
{
    private const int DefaultPageSize = 2000;

    /// <summary>marker/limit paging: the page after the marker's record, at most limit long.</summary>
    public static IReadOnlyList<T> Page<T>(IReadOnlyList<T> items, Func<T, string> idOf, HttpContext context, Func<string, ApiError> invalid)
    {
        var query = context.Request.Query;
        var limit = DefaultPageSize;
        if (Single(query["limit"]) is { } limitText && (!int.TryParse(limitText, out limit) || limit < 0))
            throw invalid("limit " + limitText + " is not a non-negative integer.");
        var start = 0;
        if (Single(query["marker"]) is { } marker)
        {
            var index = items.Select(idOf).ToList().IndexOf(marker);
            if (index < 0) throw invalid("marker " + marker + " is not a resource ID.");
            start = index + 1;
        }
        return items.Skip(start).Take(limit == 0 ? int.MaxValue : limit).ToArray();
    }

    public static string? Single(StringValues values) =>
        values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];

    public static void CheckName(string name, bool allowEmpty, Func<string, ApiError> invalid)
    {
        if (name.Length == 0 && allowEmpty) return;
        if (name.Length is 0 or > 64 || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw invalid("name must be 1-64 letters, digits, '_', '-' or '.'.");
    }

    public static void CheckDescription(string description, Func<string, ApiError> invalid)
    {
        if (description.Length > 255 || description.Contains('<') || description.Contains('>'))
            throw invalid("description must be at most 255 characters without '<' or '>'.");
    }

    /// <summary>The IDs of a security_groups array, each a non-empty string.</summary>
    public static List<string> SecurityGroupIds(JsonArray array, Func<string, ApiError> invalid)
    {
        var groups = new List<string>();
        foreach (var g in array)
        {
            if (g is not JsonValue v || !v.TryGetValue<string>(out var id) || id.Length == 0)
                throw invalid("security_groups must list IDs.");
            groups.Add(id);
        }
        return groups;
    }
}
