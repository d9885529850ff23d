using System.Diagnostics;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Testing;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// One trace crosses gateway → service: the W3C trace context a caller sends reaches the
/// downstream service over a real socket (the production HttpClient pipeline injects it).
/// The service → database leg is in tests/CuKhoi.Articles.Tests/TracingTests.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private FakeHost _downstream = null!;
    private TestDatabase _database = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _downstream = await FakeHost.StartAsync(onLoopback: true);
        _database = TestDatabase.Sqlite();
        // No handler override: the gateway's typed client uses its real socket handler.
        _gateway = new GatewayFactory(_database, new Dictionary<string, string?> { ["Services:Articles:Address"] = _downstream.Address });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _database.DisposeAsync();
        await _downstream.DisposeAsync();
    }

    [Fact]
    public async Task The_callers_trace_id_reaches_the_downstream_service()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles/any-id");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await _gateway.CreateClient().SendAsync(request).WaitAsync(Rest.Timeout);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var forwarded = _downstream.Articles.LastHeaders.GetValue("traceparent");
        Assert.NotNull(forwarded);
        Assert.Equal(traceId.ToString(), forwarded.Split('-')[1]);
    }

    [Fact]
    public async Task A_malformed_trace_context_is_not_passed_on()
    {
        const string malformed = "00-not-a-trace-01";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles/any-id");
        request.Headers.TryAddWithoutValidation("traceparent", malformed);

        using var response = await _gateway.CreateClient().SendAsync(request).WaitAsync(Rest.Timeout);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(malformed, _downstream.Articles.LastHeaders.GetValue("traceparent"));
    }

    [Fact]
    public void No_activity_is_started_per_request_without_an_exporter() => PerRequestActivities.AssertOff(_gateway.Services);
}
