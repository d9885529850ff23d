using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// The DVK service down or slow while an entry about a model is submitted: 503 within the
/// 3 s bound, and nothing stored. Each test has its own hosts (a breaker's state is per host).
/// </summary>
public class DvkOutageTests
{
    /// <summary>Generous: the bound is 3 s (Services:DvkModels:Deadline); a loaded CI machine gets slack.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static ContestEntry AboutModel(string id) =>
        Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Model, DvkModelId = id });

    [Fact]
    public async Task DVK_service_stopped_is_503_fast_and_nothing_is_stored()
    {
        // A loopback port nobody listens on: connections are refused, as with a stopped service.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = await ContestsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Services:DvkModels:Address"] = $"http://127.0.0.1:{port}",
        });
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));
        await host.Organiser.SubmitAsync(contest.Id); // entries without a model do not need the DVK service
        var before = await host.Organiser.CountAsync(contest.Id);

        var clock = Stopwatch.StartNew();
        var e = await RpcAssert.ThrowsAsync(StatusCode.Unavailable, () => host.Organiser.SubmitAsync(contest.Id, AboutModel("0000000000000000000000000000beef")));
        clock.Stop();

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(Problems.Reasons.Unavailable, e.Reason());
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Status.Detail); // no host names or ports leak
        Assert.NotNull(e.VietnameseMessage());
        Assert.Equal(before, await host.Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task DVK_host_disposed_after_answering_is_503_and_nothing_is_stored()
    {
        var dvk = new RealDvkHost();
        await using var host = await ContestsHost.StartAsync(dvk: dvk.CreateHandler);
        var model = await dvk.RegisterAsync("Đồng hành cùng đồng bào có đạo");
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));
        await host.Organiser.SubmitAsync(contest.Id, AboutModel(model.Id));

        await dvk.DisposeAsync();
        var clock = Stopwatch.StartNew();
        await RpcAssert.ThrowsAsync(StatusCode.Unavailable, () => host.Organiser.SubmitAsync(contest.Id, AboutModel(model.Id)));
        clock.Stop();

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(1, await host.Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task DVK_service_slow_is_503_within_the_bound_and_the_call_is_cancelled()
    {
        await using var slow = await SlowDvkHost.StartAsync();
        await using var host = await ContestsHost.StartAsync(dvk: slow.CreateHandler);
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));

        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var e = await RpcAssert.ThrowsAsync(StatusCode.Unavailable, () => host.Organiser.SubmitAsync(contest.Id, AboutModel("01710000000070008000000000d00001")));
        clock.Stop();

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(Problems.Reasons.Unavailable, e.Reason());
        var seen = await slow.SeenCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The token, the end caller on whose behalf it asks (DVK decides what they may see), a deadline of at most 3 s.
        Assert.True(seen.HasToken);
        Assert.Equal("organiser-key", seen.Principal);
        Assert.True(seen.Deadline <= started.AddSeconds(3.5), $"deadline {seen.Deadline:O}, started {started:O}");
        await slow.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await host.Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task The_incoming_calls_deadline_bounds_the_DVK_call()
    {
        await using var slow = await SlowDvkHost.StartAsync();
        // The service's own bounds are far away, so only the caller's deadline can end the call.
        await using var host = await ContestsHost.StartAsync(dvk: slow.CreateHandler, settings: new Dictionary<string, string?>
        {
            ["Services:DvkModels:AttemptTimeout"] = "00:00:20",
            ["Services:DvkModels:Deadline"] = "00:00:20",
        });
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));

        // Room for a loaded machine to reach the DVK call before the deadline passes.
        var deadline = DateTime.UtcNow.AddSeconds(2.5);
        await Assert.ThrowsAsync<RpcException>(() => host.Organiser.SubmitEntryAsync(
            new SubmitEntryRequest { ContestId = contest.Id, Entry = AboutModel("01710000000070008000000000d00001") },
            deadline: deadline).ResponseAsync);

        // The caller gave up at its own deadline, so the code it sees is its client library's
        // (over the in-process test server an aborted stream can even read as INTERNAL); what
        // this test is about is the DVK call: bounded by that deadline and cancelled with it.
        var seen = await slow.SeenCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(seen.Deadline <= deadline.AddMilliseconds(200), $"DVK deadline {seen.Deadline:O}, caller's {deadline:O}");
        var cancelledAt = await slow.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(cancelledAt < deadline.AddSeconds(5), $"cancelled at {cancelledAt:O}, long after the caller's deadline {deadline:O}");
        Assert.Equal(0, await host.Organiser.CountAsync(contest.Id));
    }
}
