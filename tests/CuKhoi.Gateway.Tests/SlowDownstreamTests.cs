using System.Diagnostics;
using System.Net;
using CuKhoi.Gateway.Tests.Support;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// One service that stops answering (its calls hang): its callers get 504 within their
/// bound, the other services' routes stay fast (no thread starved, no queue shared), and the
/// slow service is not hammered with retries.
/// </summary>
public sealed class SlowDownstreamTests
{
    [Fact]
    public async Task A_hanging_service_costs_its_callers_a_bounded_504_and_nobody_else_anything()
    {
        await using var slow = await FakeHost.StartAsync();
        await using var other = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?>
        {
            ["Services:Articles:AttemptTimeout"] = "00:00:00.300",
            ["Services:Articles:Deadline"] = "00:00:00.600",
        })
            .Downstream(GatewayFactory.Articles, slow.CreateHandler)
            .Downstream(GatewayFactory.Contests, other.CreateHandler);
        var client = gateway.CreateClient();
        slow.Articles.Hold = new TaskCompletionSource(); // never released: every call hangs

        var clock = Stopwatch.StartNew();
        var reads = Enumerable.Range(0, 40).Select(async i =>
        {
            var started = clock.Elapsed;
            var response = await client.SendAsync(HttpMethod.Get, $"/api/v1/articles/slow-{i}");
            return (response.StatusCode, Took: clock.Elapsed - started);
        }).ToList();

        // While those hang, another service's route answers as fast as ever.
        var fast = Stopwatch.StartNew();
        var contest = await client.SendAsync(HttpMethod.Post, "/api/v1/contests", """{"name":"Cuộc thi viết 2026","level":"WARD","year":2026}""", GatewayFactory.AdminKey);
        fast.Stop();
        var answered = await Task.WhenAll(reads);

        Assert.Equal(HttpStatusCode.Created, contest.StatusCode);
        Assert.True(fast.Elapsed < TimeSpan.FromSeconds(1), $"the other route took {fast.Elapsed}");
        Assert.All(answered, a => Assert.True(a.StatusCode is HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable, a.StatusCode.ToString()));
        Assert.Contains(answered, a => a.StatusCode == HttpStatusCode.GatewayTimeout);
        Assert.All(answered, a => Assert.True(a.Took < TimeSpan.FromSeconds(5), $"a caller waited {a.Took}"));
        // A timeout is not retried (only UNAVAILABLE is), and the breaker opens: no retry storm.
        Assert.InRange(slow.Articles.Calls, 1, 48);
    }
}
