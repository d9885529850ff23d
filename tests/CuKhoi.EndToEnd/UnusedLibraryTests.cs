using System.Net;
using System.Text.Json;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// A host loads only the libraries it uses. On SQLite, Npgsql's assembly stays unmapped: `Db`
/// holds PostgreSQL's data source as the ADO.NET base class and makes it in a method of its
/// own. Without an OTLP endpoint (the system here has none), OpenTelemetry's assemblies stay
/// unmapped too: `AddTelemetry` sets it up in a method of its own. Together they keep
/// 0.5–8 MiB off each host's idle RSS (bench/RESULTS.md, fifth pass). Only the process itself
/// shows which files it mapped.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class UnusedLibraryTests(SystemFixture fixture)
{
    private static readonly string[] Hosts = ["CuKhoi.Gateway", "CuKhoi.Articles", "CuKhoi.DvkModels", "CuKhoi.Contests"];

    [SkippableFact]
    public async Task After_reads_a_write_and_a_not_found_only_a_postgres_host_has_npgsql_mapped_and_none_has_opentelemetry()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc/<pid>/maps");

        // The calls of a working day: a list, a read that is not found, and a write with its audit row.
        using (var list = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using (var missing = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles/khong-co-bai-nay"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var created = await KeyedCreate.SendAsync(fixture.Http, fixture.System.AdminKey, "/api/v1/articles", "e2e-provider-" + Guid.NewGuid().ToString("N"),
            JsonSerializer.Serialize(new { title = "Bài viết kiểm tra thư viện cơ sở dữ liệu", category = "tin-tuc" }));
        Assert.Equal(HttpStatusCode.Created, created.Status);

        foreach (var host in Hosts)
        {
            foreach (var instance in fixture.System.InstancesOf(host))
            {
                var maps = await File.ReadAllTextAsync($"/proc/{fixture.System.ProcessIdOf(instance)}/maps");
                Assert.True(maps.Contains("/Npgsql.dll", StringComparison.Ordinal) == HostDatabases.IsPostgres,
                    $"{instance} on {HostDatabases.Provider}: Npgsql.dll {(HostDatabases.IsPostgres ? "is not" : "is")} mapped");
                Assert.False(maps.Contains("/OpenTelemetry", StringComparison.Ordinal), $"{instance} without an OTLP endpoint has OpenTelemetry mapped");
            }
        }
    }
}
