using Microsoft.Extensions.Primitives;

namespace CuKhoi.Gateway.Http;

/// <summary>Entity tags as HTTP writes them ("v3", W/"v3", *) and as the services keep them (v3).</summary>
public static class EntityTags
{
    /// <summary>The first tag of an If-Match header without W/ and quotes; null for none or "*".</summary>
    public static string? FirstOpaque(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        foreach (var tag in All(header))
        {
            return tag == "*" ? null : tag;
        }

        return null;
    }

    /// <summary>Weak comparison, as RFC 9110 wants for If-None-Match.</summary>
    public static bool Matches(StringValues header, string etag) =>
        !StringValues.IsNullOrEmpty(header) && All(header).Any(tag => tag == "*" || tag == etag);

    // Most requests carry neither header: the callers above skip this (an enumerator) for them.
    private static IEnumerable<string> All(StringValues header)
    {
        foreach (var value in header)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                yield return tag.Trim('"');
            }
        }
    }
}
