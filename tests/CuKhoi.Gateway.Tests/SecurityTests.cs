using System.Net;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The holes a probe from outside found, each held shut: forwarded-for headers believed only
/// from configured proxies, floods refused before they reach the audit trail, the headers
/// every answer carries, weak secrets refused at start, a revoke that wins over a look-up.
/// </summary>
public sealed class SecurityTests
{
    private static Dictionary<string, string?> Views(int limit, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:ViewPermitLimit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:ViewWindow"] = "01:00:00",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task By_default_X_Forwarded_For_is_ignored_so_one_client_cannot_pose_as_many()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Views(limit: 3)).Downstream(GatewayFactory.Articles, fake.CreateHandler);

        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await ViewAsync(gateway, remote: "198.51.100.7", forwardedFor: $"203.0.113.{i}"));
        }

        Assert.Equal([200, 200, 200, 429, 429, 429], statuses);
    }

    [Fact]
    public async Task A_known_network_of_proxies_may_name_the_client()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Views(limit: 1, ("ForwardedHeaders:KnownNetworks", "10.1.0.0/16")))
            .Downstream(GatewayFactory.Articles, fake.CreateHandler);

        Assert.Equal(200, await ViewAsync(gateway, "10.1.2.3", "203.0.113.1"));
        Assert.Equal(200, await ViewAsync(gateway, "10.1.2.4", "203.0.113.2"));
        Assert.Equal(429, await ViewAsync(gateway, "10.1.2.3", "203.0.113.2"));
        Assert.Equal(200, await ViewAsync(gateway, "10.2.0.1", "203.0.113.3")); // not a proxy: its own address counts
        Assert.Equal(429, await ViewAsync(gateway, "10.2.0.1", "203.0.113.4"));
    }

    [Fact]
    public async Task Writes_refused_by_the_rate_limit_are_not_audited_and_those_refused_for_their_key_are()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:PermitLimit"] = "4",
            ["RateLimiting:Window"] = "01:00:00",
        });
        var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"Không có khóa"}""")).StatusCode);
        }

        var audit = await (await client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: GatewayFactory.AdminKey)).JsonAsync();
        var entries = audit.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString()!.EndsWith("/CreateArticle", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal(401, e.GetProperty("status").GetInt32()));
    }

    [Theory]
    [InlineData("/api/v1/articles/a")]
    [InlineData("/healthz")]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_answer_has_nosniff_no_referrer_and_no_server_banner(string path)
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database).Downstream(GatewayFactory.Articles, fake.CreateHandler);
        gateway.UseKestrel(); // the banner is Kestrel's: the in-memory test server writes none
        using var http = new HttpClient { BaseAddress = await gateway.KestrelRestAddressAsync(), Timeout = Rest.Timeout };

        using var response = await http.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_docs_page_has_a_content_security_policy_and_refuses_framing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database);

        using var response = await gateway.CreateClient().SendAsync(HttpMethod.Get, "/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_new_key_shown_once_is_never_cached()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database);

        using var response = await gateway.CreateClient().SendAsync(HttpMethod.Post, "/api/v1/admin/keys", """{"name":"portal","scopes":["articles:write"]}""", GatewayFactory.AdminKey);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("CUKHOI_ADMIN_KEY", "short-admin-key")]
    [InlineData("Internal:Token", "short-token")]
    public async Task A_secret_shorter_than_32_characters_stops_the_gateway_at_start(string name, string value)
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?> { [name] = value });

        var e = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("at least 32", e.ToString());
    }

    [Fact]
    public async Task The_bootstrap_key_is_audited_as_such_and_can_be_switched_off()
    {
        await using var database = TestDatabase.Sqlite();
        await using (var gateway = new GatewayFactory(database))
        {
            var client = gateway.CreateClient();
            var key = await GatewayWithArticles.CreateKeyAsync(client, "admin that replaces it", "admin");
            var audit = await (await client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: key.Key)).JsonAsync();
            Assert.Equal(ApiKeyStore.BootstrapId, audit.GetProperty("entries")[0].GetProperty("principalId").GetString());
        }

        await using var switchedOff = new GatewayFactory(database, new Dictionary<string, string?> { ["Auth:BootstrapKeyEnabled"] = "false" });
        var refused = await switchedOff.CreateClient().SendAsync(HttpMethod.Get, "/api/v1/admin/keys", key: GatewayFactory.AdminKey);
        await refused.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoke_that_lands_between_a_look_up_and_its_caching_wins()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database);
        var client = gateway.CreateClient();
        var key = await GatewayWithArticles.CreateKeyAsync(client, "district system", "reports:read");
        var store = gateway.Services.GetRequiredService<ApiKeyStore>();

        // The look-up read the key while it was valid; the revoke commits before it is cached.
        store.AfterLookup = async () =>
        {
            store.AfterLookup = null;
            Assert.True(await store.RevokeAsync(key.Id, CancellationToken.None));
        };
        var during = await store.AuthenticateAsync(key.Key, CancellationToken.None);
        var after = await store.AuthenticateAsync(key.Key, CancellationToken.None);

        Assert.NotNull(during); // it began before the revoke
        Assert.Null(after);     // and did not put the key back
    }

    private static async Task<int> ViewAsync(GatewayFactory gateway, string remote, string forwardedFor)
    {
        var context = await gateway.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/api/v1/articles/a:view";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        }).WaitAsync(Rest.Timeout);
        return context.Response.StatusCode;
    }
}
