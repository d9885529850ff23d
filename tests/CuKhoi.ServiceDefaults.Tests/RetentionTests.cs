using CuKhoi.ServiceDefaults.Data;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Idempotency keys are kept a day (configurable), then purged; a keep time under the floor is refused.</summary>
public class RetentionTests
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Keys_older_than_their_retention_are_purged_and_younger_ones_kept(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await InsertKeyAsync(db, "old", clock.GetUtcNow().AddHours(-25));
        await InsertKeyAsync(db, "recent", clock.GetUtcNow().AddHours(-23));

        var deleted = await Purger(db, clock, new Dictionary<string, string?>()).PurgeAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(["recent"], await db.QueryAsync<string>("SELECT request_id FROM idempotency_keys", null, CancellationToken.None));
    }

    [Fact]
    public async Task The_retention_follows_configuration_and_refuses_less_than_its_floor()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = await test.MigratedAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await InsertKeyAsync(db, "three-hours", clock.GetUtcNow().AddHours(-3));

        Assert.Equal(1, await Purger(db, clock, new() { ["Idempotency:Retention"] = "02:00:00" }).PurgeAsync(CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => Purger(db, clock, new() { ["Idempotency:Retention"] = "00:10:00" }));
    }

    private static Retention Purger(Db db, TimeProvider clock, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddRetention(configuration, "idempotency keys", "Idempotency:Retention", TimeSpan.FromHours(24), TimeSpan.FromHours(1), "DELETE FROM idempotency_keys WHERE create_time < @cutoff");
        var rules = services.BuildServiceProvider().GetServices<RetentionRule>();
        return new Retention(db, rules, clock, configuration, NullLogger<Retention>.Instance);
    }

    private static Task InsertKeyAsync(Db db, string requestId, DateTimeOffset created) =>
        db.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (method, request_id, principal, request_hash, response, create_time)
            VALUES ('/m', @requestId, 'p', 'h', @response, @created)
            """,
            new { requestId, response = new byte[] { 1 }, created = Clock.ToMicros(created) },
            CancellationToken.None);
}
