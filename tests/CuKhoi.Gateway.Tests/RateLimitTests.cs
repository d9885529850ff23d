using System.Net;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace CuKhoi.Gateway.Tests;

/// <summary>Per key, per client address for anonymous callers, stricter for views; 429 + Retry-After.</summary>
public sealed class RateLimitTests
{
    private static Dictionary<string, string?> Limits(int permits, int views) => new()
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:Window"] = "01:00:00",
        ["RateLimiting:ViewPermitLimit"] = views.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:ViewWindow"] = "01:00:00",
        ["ForwardedHeaders:KnownProxies"] = "10.0.0.1",
    };

    [Fact]
    public async Task Past_the_limit_a_caller_gets_429_with_retry_after_while_others_go_on()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Limits(permits: 3, views: 100)).Downstream(GatewayFactory.Articles, fake.CreateHandler);
        var client = gateway.CreateClient();
        var key = await GatewayWithArticles.CreateKeyAsync(client, "portal", "articles:write"); // 1st request of the admin key

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a")).StatusCode);
        }

        var limited = await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a");
        var keyed = await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a", key: key.Key);
        var health = await client.SendAsync(HttpMethod.Get, "/healthz");

        var error = await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.Equal(8, error.GetProperty("code").GetInt32());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(4, fake.Articles.Calls);
    }

    [Fact]
    public async Task Views_have_a_stricter_per_client_limit()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Limits(permits: 100, views: 2)).Downstream(GatewayFactory.Articles, fake.CreateHandler);
        var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/v1/articles/a:view")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/v1/articles/b:view")).StatusCode);
        var third = await client.SendAsync(HttpMethod.Post, "/api/v1/articles/c:view");
        var read = await client.SendAsync(HttpMethod.Get, "/api/v1/articles/c");

        await third.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Forwarded_for_counts_only_from_a_known_proxy()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Limits(permits: 1, views: 100)).Downstream(GatewayFactory.Articles, fake.CreateHandler);

        async Task<int> GetAsync(string remote, string forwardedFor)
        {
            var context = await gateway.Server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/api/v1/articles/a";
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
                c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(remote);
            }).WaitAsync(Rest.Timeout);
            return context.Response.StatusCode;
        }

        // Through the known proxy: each forwarded client has its own allowance.
        Assert.Equal(StatusCodes.Status200OK, await GetAsync("10.0.0.1", "203.0.113.5"));
        Assert.Equal(StatusCodes.Status200OK, await GetAsync("10.0.0.1", "203.0.113.6"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await GetAsync("10.0.0.1", "203.0.113.6"));

        // From anyone else the header is ignored: one address, one allowance, whatever it claims.
        Assert.Equal(StatusCodes.Status200OK, await GetAsync("198.51.100.7", "203.0.113.8"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await GetAsync("198.51.100.7", "203.0.113.9"));
    }

    [Fact]
    public async Task A_grpc_caller_past_the_limit_gets_resource_exhausted()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Limits(permits: 1, views: 100)).Downstream(GatewayFactory.Articles, fake.CreateHandler);
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var client = new ArticleService.ArticleServiceClient(channel);

        await client.GetArticleAsync(new GetArticleRequest { Id = "a" }).ResponseAsync.WaitAsync(Rest.Timeout);
        var error = await RpcAssert.ThrowsAsync(StatusCode.ResourceExhausted, () => client.GetArticleAsync(new GetArticleRequest { Id = "a" }).ResponseAsync.WaitAsync(Rest.Timeout));

        Assert.Equal("RATE_LIMITED", error.Reason());
        Assert.False(string.IsNullOrEmpty(error.VietnameseMessage()));
    }
}
