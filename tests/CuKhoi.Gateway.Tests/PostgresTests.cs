using System.Net;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.Gateway.Tests;

/// <summary>The gateway's own database (keys, audit) on PostgreSQL: same code, same answers.</summary>
public sealed class PostgresTests
{
    [SkippableFact]
    public async Task Keys_and_the_audit_trail_work_on_postgres()
    {
        await using var database = await TestDatabase.PostgresAsync();
        await using var gateway = new GatewayFactory(database);
        var client = gateway.CreateClient();

        var key = await GatewayWithArticles.CreateKeyAsync(client, "Hệ thống quận", "contests:write", "reports:read");
        var listed = await (await client.SendAsync(HttpMethod.Get, "/api/v1/admin/keys", key: GatewayFactory.AdminKey)).JsonAsync();
        var revoked = await client.SendAsync(HttpMethod.Delete, $"/api/v1/admin/keys/{key.Id}", key: GatewayFactory.AdminKey);
        var refused = await client.SendAsync(HttpMethod.Get, "/api/v1/contests", key: key.Key);
        var audit = await (await client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit?pageSize=10", key: GatewayFactory.AdminKey)).JsonAsync();

        Assert.Contains(listed.GetProperty("keys").EnumerateArray(), k => k.GetProperty("name").GetString() == "Hệ thống quận");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await refused.AssertErrorAsync(HttpStatusCode.Unauthorized);
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("status").GetInt32())).ToList();
        Assert.Equal([("RevokeApiKey", 204), ("CreateApiKey", 201)], actions);
    }

    [SkippableFact]
    public async Task A_key_revoked_on_one_gateway_is_refused_by_another_within_the_cache_time()
    {
        // The annual report answers (partially) without the services: only the key decides.
        const string Report = "/api/v1/reports/annual/2020";
        await using var database = await TestDatabase.PostgresAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = new GatewayFactory(database).Time(clock);
        await using var second = new GatewayFactory(database).Time(clock);
        var (one, two) = (first.CreateClient(), second.CreateClient());
        var key = await GatewayWithArticles.CreateKeyAsync(one, "Hệ thống thành phố", "reports:read");
        Assert.Equal(HttpStatusCode.OK, (await two.SendAsync(HttpMethod.Get, Report, key: key.Key)).StatusCode); // now cached there

        Assert.Equal(HttpStatusCode.NoContent, (await one.SendAsync(HttpMethod.Delete, $"/api/v1/admin/keys/{key.Id}", key: GatewayFactory.AdminKey)).StatusCode);
        var onTheRevokingGateway = await one.SendAsync(HttpMethod.Get, Report, key: key.Key);
        var onTheOtherMeanwhile = await two.SendAsync(HttpMethod.Get, Report, key: key.Key);
        clock.Advance(TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(1)); // Auth:KeyCacheTtl
        var onTheOtherAfter = await two.SendAsync(HttpMethod.Get, Report, key: key.Key);

        await onTheRevokingGateway.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, onTheOtherMeanwhile.StatusCode); // per-instance cache: documented
        await onTheOtherAfter.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
