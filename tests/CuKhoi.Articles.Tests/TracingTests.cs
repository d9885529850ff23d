using System.Collections.Concurrent;
using System.Diagnostics;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// One trace crosses service → database: the trace context that arrives with a call (the
/// gateway sends it; see the gateway's TracingTests) parents the service's request span
/// and the database statements it runs.
/// </summary>
public sealed class TracingTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly TaskCompletionSource<Activity> _requestStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private readonly ActivityListener _listener;
    private ArticleHost _host = null!;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "CuKhoi.Data" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _stopped.Add(activity);
                // The server span ends after the response is sent: wait for it, not for time.
                if (activity.TraceId == _traceId && activity.Source.Name == "Microsoft.AspNetCore")
                {
                    _requestStopped.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync() => _host = await ArticleHost.StartAsync("sqlite");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task The_incoming_trace_parents_the_request_and_its_database_statements()
    {
        var headers = new Metadata { { "traceparent", $"00-{_traceId}-{ActivitySpanId.CreateRandom()}-01" } };

        await _host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Q = "dan van" }, headers).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
        var request = await _requestStopped.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var statements = _stopped.Where(a => a.TraceId == _traceId && a.Source.Name == Db.ActivitySource.Name).ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.Equal("sqlite", s.GetTagItem("db.system")));
        Assert.Contains(statements, s => s.ParentSpanId == request.SpanId);
    }

    [Fact]
    public void No_activity_is_started_per_request_without_an_exporter() => PerRequestActivities.AssertOff(_host.Services);
}
