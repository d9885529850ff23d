using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CuKhoi.Gateway.Security;

/// <summary>
/// `X-Forwarded-For` / `X-Forwarded-Proto` are believed only from the proxies named in
/// `ForwardedHeaders:KnownProxies` (addresses) and `ForwardedHeaders:KnownNetworks` (CIDR
/// ranges). With none named the headers are ignored: ASP.NET Core's middleware with both
/// lists empty believes every client, which would let anyone choose the address that the
/// per-client limits (and the anonymous view counts) are keyed on.
/// </summary>
public static class TrustedProxies
{
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var proxies = List(builder.Configuration, "ForwardedHeaders:KnownProxies")
            .Select(v => IPAddress.TryParse(v, out var address) ? address : throw Invalid("KnownProxies", v, "an IP address"))
            .ToList();
        var networks = List(builder.Configuration, "ForwardedHeaders:KnownNetworks")
            .Select(v => System.Net.IPNetwork.TryParse(v, out var network) ? network : throw Invalid("KnownNetworks", v, "a CIDR range such as 10.0.0.0/8"))
            .ToList();

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardedHeaders = proxies.Count + networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }

    /// <summary>An array, or one comma-separated string (an environment variable).</summary>
    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        return section.Value is { Length: > 0 } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.Get<string[]>() ?? [];
    }

    private static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"ForwardedHeaders:{key} entry '{value}' is not {expected}.");
}
