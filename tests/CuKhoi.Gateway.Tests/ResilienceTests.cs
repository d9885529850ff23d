using System.Net;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// One pipeline per downstream, tested without luck: a fake that fails N times, a fake
/// clock for the breaker and the attempt timeout, and call counts.
/// </summary>
public sealed class ResilienceTests
{
    private static readonly Dictionary<string, string?> Breaker = new()
    {
        ["Services:Articles:ReadRetries"] = "0",
        ["Services:Articles:BreakerMinimumThroughput"] = "2",
        ["Services:Articles:BreakerFailureRatio"] = "0.5",
        ["Services:Articles:BreakerSamplingDuration"] = "00:01:00",
        ["Services:Articles:BreakerBreakDuration"] = "00:00:30",
    };

    [Fact]
    public async Task The_breaker_opens_fails_fast_half_opens_after_the_break_and_closes_on_success()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, Breaker).Downstream(GatewayFactory.Articles, fake.CreateHandler).Time(time);
        var client = gateway.CreateClient();
        fake.Articles.FailNext(2);

        await (await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a")).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        await (await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a")).AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(2, fake.Articles.Calls);

        // Open: answered at once, the service is not called, and the caller learns when to come back.
        var open = await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a");
        await open.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.Equal(TimeSpan.FromSeconds(30), open.Headers.RetryAfter?.Delta);
        Assert.Equal(2, fake.Articles.Calls);

        time.Advance(TimeSpan.FromSeconds(31));

        // Half-open: one trial call goes through, succeeds, and the breaker closes.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/v1/articles/b")).StatusCode);
        Assert.Equal(4, fake.Articles.Calls);
    }

    [Fact]
    public async Task Reads_are_retried_on_unavailable_and_writes_never()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?>
        {
            ["Services:Articles:ReadRetries"] = "2",
            ["Services:Articles:BreakerMinimumThroughput"] = "100",
        })
            .Downstream(GatewayFactory.Articles, fake.CreateHandler);
        var client = gateway.CreateClient();

        fake.Articles.FailNext(2);
        var read = await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(3, fake.Articles.Calls);

        fake.Articles.FailNext(1);
        var write = await client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"x"}""", GatewayFactory.AdminKey);
        await write.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.Equal(4, fake.Articles.Calls);

        // A view is a write too: counted once or not at all.
        fake.Articles.FailNext(1);
        await (await client.SendAsync(HttpMethod.Post, "/api/v1/articles/a:view")).AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(5, fake.Articles.Calls);
    }

    [Fact]
    public async Task A_service_that_is_down_is_503_and_no_host_name_reaches_the_caller()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?> { ["Services:Articles:ReadRetries"] = "0" })
            .Downstream(GatewayFactory.Articles, fake.CreateHandler);
        var client = gateway.CreateClient();
        fake.Articles.FailNext(1);

        var unreachable = await client.SendAsync(HttpMethod.Get, "/api/v1/dvk-models/m1"); // nothing listens there
        var failing = await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a");         // says "10.20.30.40"

        var first = await unreachable.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        var second = await failing.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        foreach (var body in new[] { first.GetRawText(), second.GetRawText() })
        {
            Assert.DoesNotContain("127.0.0.1", body);
            Assert.DoesNotContain("10.20.30.40", body);
            Assert.DoesNotContain("Exception", body);
        }

        Assert.Equal("dvk-models", Rest.Detail(first, "google.rpc.ErrorInfo")!.Value.GetProperty("metadata").GetProperty("service").GetString());
    }

    [Fact]
    public async Task A_downstream_slower_than_the_attempt_timeout_is_504()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database, new Dictionary<string, string?> { ["Services:Articles:AttemptTimeout"] = "00:00:02" })
            .Downstream(GatewayFactory.Articles, fake.CreateHandler).Time(time);
        var client = gateway.CreateClient();
        fake.Articles.Hold = new TaskCompletionSource();

        var pending = client.SendAsync(HttpMethod.Get, "/api/v1/articles/slow");
        await fake.Articles.Entered.Task.WaitAsync(Rest.Timeout);
        time.Advance(TimeSpan.FromSeconds(3));
        var response = await pending;

        var error = await response.AssertErrorAsync(HttpStatusCode.GatewayTimeout, "DEADLINE_EXCEEDED");
        Assert.Equal(4, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task The_downstream_sees_a_deadline_the_callers_own_when_it_is_sooner()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database).Downstream(GatewayFactory.Articles, fake.CreateHandler);

        // REST callers send no deadline: the configured bound (5 s) applies.
        var before = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SendAsync(HttpMethod.Get, "/api/v1/articles/a")).StatusCode);
        Assert.InRange(fake.Articles.LastDeadline, before.AddSeconds(3), DateTime.UtcNow.AddSeconds(6));

        // A gRPC caller's tighter deadline is passed on.
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var deadline = DateTime.UtcNow.AddSeconds(2);
        await new ArticleService.ArticleServiceClient(channel).GetArticleAsync(new GetArticleRequest { Id = "a" }, deadline: deadline).ResponseAsync.WaitAsync(Rest.Timeout);
        Assert.InRange(fake.Articles.LastDeadline, deadline.AddSeconds(-1), deadline.AddSeconds(1)); // not the 5 s bound
    }

    [Fact]
    public async Task An_export_of_a_service_that_is_down_is_503()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database);

        var response = await gateway.CreateClient().SendAsync(HttpMethod.Get, "/api/v1/dvk-models:export", key: GatewayFactory.AdminKey);

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
    }

    [Fact]
    public async Task The_caller_is_forwarded_as_principal_and_scopes()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database).Downstream(GatewayFactory.Articles, fake.CreateHandler);
        var client = gateway.CreateClient();
        var editor = await GatewayWithArticles.CreateKeyAsync(client, "editor", "articles:write", "reports:read");

        await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a", key: editor.Key);
        var keyed = fake.Articles.Caller;
        await client.SendAsync(HttpMethod.Get, "/api/v1/articles/a");
        var anonymous = fake.Articles.Caller;

        Assert.Equal((editor.Id, "articles:write reports:read"), keyed);
        Assert.Equal("anonymous", anonymous.Principal);
        Assert.True(string.IsNullOrEmpty(anonymous.Scopes));
        Assert.Equal(ServiceFactory<object>.InternalToken, fake.Articles.LastHeaders.GetValue("x-cukhoi-internal-token"));
        Assert.Null(fake.Articles.LastHeaders.GetValue("authorization"));
    }
}
