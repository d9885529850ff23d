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
            ["Services:Articles:AttemptTimeout"] = "00:00:02",
            ["Services:Articles:Deadline"] = "00:00:03",
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

        // While those hang, another service's route answers, and before any of them: were it
        // queued behind them (a starved thread pool, a shared connection), it could only
        // answer once their 2 s attempts had given up. An order, not a stopwatch, so a busy
        // machine cannot fail it.
        await slow.Articles.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var contest = await client.SendAsync(HttpMethod.Post, "/api/v1/contests", """{"name":"Cuộc thi viết 2026","level":"WARD","year":2026}""", GatewayFactory.AdminKey);
        var stillHanging = reads.Count(r => !r.IsCompleted);
        var answered = await Task.WhenAll(reads);

        Assert.Equal(HttpStatusCode.Created, contest.StatusCode);
        Assert.Equal(reads.Count, stillHanging);
        Assert.All(answered, a => Assert.True(a.StatusCode is HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable, a.StatusCode.ToString()));
        Assert.Contains(answered, a => a.StatusCode == HttpStatusCode.GatewayTimeout);
        // Bounded by the 3 s deadline (with room for a busy machine), never the 30 s default.
        Assert.All(answered, a => Assert.True(a.Took < TimeSpan.FromSeconds(10), $"a caller waited {a.Took}"));
        // A timeout is not retried (only UNAVAILABLE is), and the breaker opens: no retry storm.
        Assert.InRange(slow.Articles.Calls, 1, 48);
    }
}
