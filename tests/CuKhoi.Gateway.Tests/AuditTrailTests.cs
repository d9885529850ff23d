using CuKhoi.ServiceDefaults.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The audit trail is append-only in the database itself (no update, no delete of anything
/// younger than 30 days, no truncate) and bounded: the retention purge removes what is older
/// than `Audit:Retention` (400 days by default).
/// </summary>
public sealed class AuditTrailTests
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_audit_entry_cannot_be_changed_nor_a_recent_one_deleted(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var gateway = new GatewayFactory(database);
        var db = gateway.Services.GetRequiredService<Db>();
        var now = DateTimeOffset.UtcNow;
        await InsertAsync(db, "recent", now.AddDays(-1));
        await InsertAsync(db, "old", now.AddDays(-40));

        await Assert.ThrowsAnyAsync<Exception>(() => db.ExecuteAsync("UPDATE audit_entries SET status = 200 WHERE id = 'recent'", null, CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => db.ExecuteAsync("DELETE FROM audit_entries WHERE id = 'recent'", null, CancellationToken.None));
        if (provider == "postgres")
        {
            await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("TRUNCATE audit_entries", null, CancellationToken.None));
        }

        Assert.Equal(1, await db.ExecuteAsync("DELETE FROM audit_entries WHERE id = 'old'", null, CancellationToken.None)); // only what retention may take
        Assert.Equal(["recent"], await db.QueryAsync<string>("SELECT id FROM audit_entries WHERE id IN ('recent', 'old')", null, CancellationToken.None));
        Assert.Equal(403, await db.QuerySingleOrDefaultAsync<int>("SELECT status FROM audit_entries WHERE id = 'recent'", null, CancellationToken.None));
    }

    [Fact]
    public async Task Entries_older_than_the_retention_are_purged_in_the_background()
    {
        await using var database = TestDatabase.Sqlite();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?> { ["Audit:Retention"] = "60.00:00:00" }).Time(clock);
        var db = gateway.Services.GetRequiredService<Db>();
        await InsertAsync(db, "within", clock.GetUtcNow().AddDays(-59));
        await InsertAsync(db, "beyond", clock.GetUtcNow().AddDays(-61));

        var purged = await gateway.Services.GetRequiredService<Retention>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(["within"], await db.QueryAsync<string>("SELECT id FROM audit_entries WHERE id IN ('within', 'beyond')", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_retention_under_30_days_stops_the_gateway_at_start()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?> { ["Audit:Retention"] = "7.00:00:00" });

        var e = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("Audit:Retention", e.ToString());
    }

    private static Task InsertAsync(Db db, string id, DateTimeOffset time) =>
        db.ExecuteAsync(
            """
            INSERT INTO audit_entries (id, record_time, principal_id, principal_name, protocol, action, resource, status)
            VALUES (@id, @time, 'p', 'n', 'rest', 'cukhoi.articles.v1.ArticleService/CreateArticle', '/api/v1/articles', 403)
            """,
            new { id, time = Clock.ToMicros(time) },
            CancellationToken.None);
}
