using CuKhoi.EndToEnd.Support;
using Xunit.Abstractions;

namespace CuKhoi.EndToEnd;

/// <summary>
/// Scale-out as it is deployed: the gateway balances round-robin over two instances each of
/// articles and contests (client-side, over Services:*:Addresses), skips an instance that
/// fails and tries a READ that failed with UNAVAILABLE again, on the other; a write is never
/// tried twice by the gateway (a client sends it again with its Idempotency-Key). Which
/// instance served a call is told by the instance itself (<see cref="RequestCounter"/>).
/// </summary>
[Collection(ReplicatedCollection.Name)]
public sealed class FailoverTests(ReplicatedSystemFixture fixture, ITestOutputHelper log)
{
    /// <summary>
    /// How long after the kill a call may still fail: those in flight on the killed instances,
    /// and writes the balancer sent there before it saw their connections go.
    /// </summary>
    private static readonly TimeSpan KillWindow = TimeSpan.FromSeconds(2);

    /// <summary>Four callers, one call each per 150 ms at most: ~25 calls a second, within what the machine serves.</summary>
    private const int Workers = 4;

    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(150);

    private CuKhoiSystem System => fixture.System;

    private string[] Victims => [System.InstancesOf("CuKhoi.Articles")[1], System.InstancesOf("CuKhoi.Contests")[1]];

    private string[] Survivors => [System.InstancesOf("CuKhoi.Articles")[0], System.InstancesOf("CuKhoi.Contests")[0]];

    [SkippableFact]
    public async Task Killing_an_instance_of_each_service_fails_only_the_calls_it_had_and_the_survivors_answer_the_rest()
    {
        ReplicatedSystemFixture.SkipUnlessPostgres();
        await fixture.WholeAsync();
        var load = await MixedLoad.CreateAsync(fixture.Http, System.AdminKey);
        var phases = new List<Phase>();
        TimeSpan judgedFrom, killAt, windowEnd, restartAt;
        await using (var running = load.Start(Workers, Pace))
        {
            await fixture.WarmAsync(running.Task);
            judgedFrom = load.Now;
            phases.Add(new("warm-up", fixture.Served()));
            await UntilAsync(() => fixture.Instances.All(i => Since(phases[^1], i) >= 20), "each instance serves 20 calls of the load before the kill", running);

            phases.Add(new("before the kill", fixture.Served()));
            killAt = load.Now;
            await Task.WhenAll(Victims.Select(System.KillAsync)).WaitAsync(Rest.Timeout);
            windowEnd = load.Now + KillWindow;
            await UntilAsync(() => load.Now >= windowEnd, "the kill window passes", running);

            // The counts first, then the time: a call started after it is counted after them.
            phases.Add(new("kill window", fixture.Served()));
            var afterWindow = load.Now;
            await UntilAsync(() => load.Calls.Count(c => c.Start >= afterWindow) >= 60, "60 calls after the kill window", running);
            var answered = load.Calls.Where(c => c.Start >= afterWindow && c.Succeeded).ToList();
            foreach (var survivor in Survivors)
            {
                var count = answered.Count(c => c.Service == System.HostOf(survivor));
                await UntilAsync(() => Since(phases[^1], survivor) >= count, $"{survivor} alone serves the {count} calls its service answered after the window", running);
            }

            Assert.All(Victims, v => Assert.False(System.IsRunning(v), $"{v} is still running"));
            phases.Add(new("after the window", fixture.Served()));

            // Started again on the same ports and databases, they are balanced back in.
            restartAt = load.Now;
            await Task.WhenAll(Victims.Select(System.RestartAsync)).WaitAsync(CuKhoiSystem.StartTimeout);
            await UntilAsync(() => Victims.All(v => Since(phases[^1], v) >= 20), "each restarted instance serves 20 calls of the load", running);
            phases.Add(new("after the restart", fixture.Served()));
        }

        // Judged up to the restart; the rejoin is the next test's.
        var judged = load.Calls.Where(c => c.Start >= judgedFrom && c.Start < restartAt).ToList();
        Report(load, phases, $"killed {string.Join(" and ", Victims)} at {Seconds(killAt)}, window to {Seconds(windowEnd)}; judged {Seconds(judgedFrom)} to the restart at {Seconds(restartAt)}");
        var failed = judged.Where(c => !c.Succeeded).ToList();
        Assert.True(failed.All(c => c.Status is 503 or 504), $"a call failed with other than 503/504:{Lines(failed)}{GatewayLog()}");
        Assert.True(failed.All(c => c.Start < windowEnd && c.End >= killAt), $"a call failed outside the kill window [{Seconds(killAt)}, {Seconds(windowEnd)}] (after it every read and write must be answered):{Lines(failed)}{GatewayLog()}");
        await load.AssertEveryCreateStoredOnceAsync();
    }

    [SkippableFact]
    public async Task A_restarted_instance_takes_its_share_again_without_failing_a_call()
    {
        ReplicatedSystemFixture.SkipUnlessPostgres();
        await fixture.WholeAsync();
        var load = await MixedLoad.CreateAsync(fixture.Http, System.AdminKey);
        await using (var warming = load.Start(Workers, Pace))
        {
            await fixture.WarmAsync(warming.Task);
        }

        // Killed and started again while nothing is sent: what is judged is the rejoin alone.
        await Task.WhenAll(Victims.Select(System.KillAsync)).WaitAsync(Rest.Timeout);
        await Task.WhenAll(Victims.Select(System.RestartAsync)).WaitAsync(CuKhoiSystem.StartTimeout);
        var phases = new List<Phase> { new("restarted", fixture.Served()) };
        var judgedFrom = load.Now;
        await using (var running = load.Start(Workers, Pace))
        {
            await UntilAsync(() => fixture.Instances.All(i => Since(phases[0], i) >= 20), "every instance, the restarted ones too, serves 20 calls of the load", running);
            phases.Add(new("rejoined", fixture.Served()));
        }

        var judged = load.Calls.Where(c => c.Start >= judgedFrom).ToList();
        Report(load, phases, $"restarted {string.Join(" and ", Victims)}; judged from {Seconds(judgedFrom)}");
        Assert.True(judged.All(c => c.Succeeded), $"calls failed while the restarted instances rejoined (a warm instance of each service was there to answer them):{Lines(judged.Where(c => !c.Succeeded))}{GatewayLog()}");
        await load.AssertEveryCreateStoredOnceAsync();
    }

    /// <summary>The calls each instance had served when a phase ended.</summary>
    private sealed record Phase(string Name, Dictionary<string, long> Served);

    private long Since(Phase phase, string instance) => fixture.Served(instance) - phase.Served[instance];

    private Task UntilAsync(Func<bool> condition, string what, MixedLoad.Run running) =>
        Poll.UntilAsync(condition, ReplicatedSystemFixture.PhaseTimeout, what, () => $"served: {string.Join(", ", fixture.Served().Select(s => $"{s.Key} {s.Value}"))}{Environment.NewLine}{System.Output()}", running.Task);

    /// <summary>What the run measured, in the test output: calls served per instance in each phase, answers by status, every failure.</summary>
    private void Report(MixedLoad load, List<Phase> phases, string summary)
    {
        var calls = load.Calls;
        log.WriteLine($"{calls.Count} calls; {summary}");
        foreach (var instance in fixture.Instances)
        {
            log.WriteLine($"{instance} (port {System.PortOf(instance)}) served: {string.Join(", ", phases.Skip(1).Select((p, n) => $"{p.Name} {p.Served[instance] - phases[n].Served[instance]}"))}");
        }

        foreach (var group in calls.GroupBy(c => (c.Label, c.Status)).OrderBy(g => g.Key))
        {
            log.WriteLine($"{group.Key.Label} → {group.Key.Status}: {group.Count()}");
        }

        log.WriteLine($"failed:{Lines(calls.Where(c => !c.Succeeded))}");
    }

    private string GatewayLog() => Environment.NewLine + System.Output("gateway");

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.000} s";

    private static string Lines(IEnumerable<MixedLoad.Call> calls) => string.Concat(calls.Select(c => Environment.NewLine + c));
}
