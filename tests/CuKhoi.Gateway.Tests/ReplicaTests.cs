using System.Net;
using CuKhoi.Gateway.Tests.Support;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// Replicas named in `Services:Articles:Addresses`: the gateway's one channel balances
/// round-robin over them (real sockets on loopback), skips one that stopped, tries a read
/// that failed with UNAVAILABLE once more (on the other replica), and never retries a write.
/// </summary>
public sealed class ReplicaTests : IAsyncLifetime
{
    private FakeHost _a = null!;
    private FakeHost _b = null!;
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _a = await FakeHost.StartAsync(onLoopback: true);
        _b = await FakeHost.StartAsync(onLoopback: true);
        _database = TestDatabase.Sqlite();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Reads_are_balanced_over_every_replica()
    {
        await using var gateway = Gateway();
        var client = await ConnectedAsync(gateway);
        var (a, b) = (_a.Articles.Calls, _b.Articles.Calls);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i => (await client.SendAsync(HttpMethod.Get, $"/api/v1/articles/a{i}")).StatusCode));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(40, _a.Articles.Calls - a + _b.Articles.Calls - b);
        Assert.InRange(_a.Articles.Calls - a, 10, 30);
        Assert.InRange(_b.Articles.Calls - b, 10, 30);
    }

    [Fact]
    public async Task A_replica_that_stops_is_skipped_and_every_read_is_answered()
    {
        await using var gateway = Gateway();
        var client = await ConnectedAsync(gateway);

        await _a.DisposeAsync();
        var before = _b.Articles.Calls;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await client.SendAsync(HttpMethod.Get, $"/api/v1/articles/after-{i}")).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(20, _b.Articles.Calls - before);
    }

    [Fact]
    public async Task A_read_that_fails_is_tried_once_more_and_a_write_never()
    {
        await using var gateway = Gateway(("Services:Articles:BreakerMinimumThroughput", "1000"));
        var client = await ConnectedAsync(gateway);
        var before = _a.Articles.Calls + _b.Articles.Calls;
        _a.Articles.FailNext(1000);

        // One at a time, so round-robin alternates: a read whose attempt met the failing
        // replica is tried again on the next pick, the other one.
        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            reads.Add((await client.SendAsync(HttpMethod.Get, $"/api/v1/articles/r{i}")).StatusCode);
        }

        var readAttempts = _a.Articles.Calls + _b.Articles.Calls - before;
        var writes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            (await client.SendAsync(HttpMethod.Post, "/api/v1/articles", $$"""{"title":"Bài {{i}}"}""", GatewayFactory.AdminKey)).StatusCode));
        var writeAttempts = _a.Articles.Calls + _b.Articles.Calls - before - readAttempts;

        // The failed attempts went again, to the other replica (a health probe taking a pick
        // may leave a retry on the failing one: a few 503s are allowed, a lost retry is not).
        Assert.True(reads.Count(s => s == HttpStatusCode.OK) >= 15, string.Join(",", reads));
        Assert.InRange(readAttempts, 25, 40);                        // retried, and at most once a read
        Assert.Equal(20, writeAttempts);                             // one attempt a write, whatever it met
        Assert.Contains(HttpStatusCode.ServiceUnavailable, writes);  // those that met the failing replica
        Assert.Contains(HttpStatusCode.Created, writes);
    }

    [Fact]
    public async Task A_dns_address_reaches_what_the_name_resolves_to()
    {
        var port = new Uri(_a.Address).Port;
        await using var gateway = new GatewayFactory(_database, new Dictionary<string, string?> { ["Services:Articles:Address"] = $"dns:///localhost:{port}" });
        var before = _a.Articles.Calls;

        var response = await gateway.CreateClient().SendAsync(HttpMethod.Get, "/api/v1/articles/by-dns");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, _a.Articles.Calls);
    }

    [Theory]
    [InlineData("127.0.0.1:5101", null)]              // no scheme
    [InlineData("dns:///articles:5101", "http://127.0.0.1:5101")] // a name among a list
    public async Task An_address_the_gateway_cannot_use_stops_it_at_start(string first, string? second)
    {
        var settings = new Dictionary<string, string?> { ["Services:Articles:Addresses:0"] = first };
        if (second is not null)
        {
            settings["Services:Articles:Addresses:1"] = second;
        }

        await using var gateway = new GatewayFactory(_database, settings);

        var e = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains($"Services:Articles:Addresses entry '{first}'", e.ToString());
    }

    /// <summary>
    /// A client once the gateway's channel has a connection to each replica: round-robin picks
    /// among replicas already connected, so calls made in the first instant all go to the first.
    /// </summary>
    private async Task<HttpClient> ConnectedAsync(GatewayFactory gateway)
    {
        var client = gateway.CreateClient();
        for (var i = 0; i < 100 && (_a.Articles.Calls == 0 || _b.Articles.Calls == 0); i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/v1/articles/warm-up")).StatusCode);
        }

        Assert.True(_a.Articles.Calls > 0 && _b.Articles.Calls > 0, "the gateway never reached both replicas");
        return client;
    }

    private GatewayFactory Gateway(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Services:Articles:Addresses:0"] = _a.Address,
            ["Services:Articles:Addresses:1"] = _b.Address,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new GatewayFactory(_database, all);
    }
}
