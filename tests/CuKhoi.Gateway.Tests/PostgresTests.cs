using System.Net;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Testing;

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
}
