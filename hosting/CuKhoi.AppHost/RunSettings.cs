using System.Security.Cryptography;

namespace CuKhoi.AppHost;

/// <summary>
/// What every host of one run shares: the internal token, the bootstrap admin key and the
/// data folder. Nothing secret is built in: both secrets come from the environment or are
/// generated for this run.
/// </summary>
internal sealed record RunSettings(string InternalToken, string AdminKey, bool AdminKeyGenerated, string DataDirectory, string Dashboard)
{
    public static RunSettings From(IDistributedApplicationBuilder builder)
    {
        // hosting/CuKhoi.AppHost → the repository root, so data/ is the same folder every run.
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        var data = builder.Configuration["CuKhoi:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(root, "data");
        Directory.CreateDirectory(data);

        var adminKey = Environment.GetEnvironmentVariable("CUKHOI_ADMIN_KEY");
        return new RunSettings(
            builder.Configuration["Internal:Token"] is { Length: > 0 } token ? token : NewSecret(),
            string.IsNullOrEmpty(adminKey) ? NewSecret() : adminKey,
            string.IsNullOrEmpty(adminKey),
            data,
            // Set by Properties/launchSettings.json (plain HTTP on loopback).
            builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] ?? "(see the dashboard lines below)");
    }

    public void Print()
    {
        var adminKey = AdminKeyGenerated
            ? $"{AdminKey}  (generated for this run; set CUKHOI_ADMIN_KEY to choose one)"
            : "from CUKHOI_ADMIN_KEY";
        Console.WriteLine($"""

            ==== CuKhoi.Services ==========================================================
              REST      http://localhost:{Ports.GatewayRest}/api/v1/articles
              gRPC      localhost:{Ports.GatewayGrpc}   (plaintext HTTP/2, h2c)
              Docs      http://localhost:{Ports.GatewayRest}/docs   (OpenAPI: /openapi/v1.json)
              Report    http://localhost:{Ports.GatewayRest}/api/v1/reports/annual/2020
              Health    http://localhost:{Ports.GatewayRest}/healthz   /readyz
              Services  articles {Ports.Url(Ports.Articles)}, dvk-models {Ports.Url(Ports.DvkModels)}, contests {Ports.Url(Ports.Contests)}
              Data      {DataDirectory}
              Admin key {adminKey}
                        use it as: Authorization: Bearer <admin key>
              Dashboard {Dashboard}   (first visit: the login link Aspire prints below)
            ===============================================================================

            """);
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
