namespace CuKhoi.EndToEnd.Support;

/// <summary>Waiting for a condition instead of for a time: checked every 50 ms, bounded.</summary>
public static class Poll
{
    /// <summary>
    /// Returns once <paramref name="condition"/> holds; fails with <paramref name="what"/> (and
    /// <paramref name="state"/>, said at the moment it failed) after <paramref name="timeout"/>,
    /// or at once when <paramref name="running"/> (work the condition waits on) has stopped.
    /// </summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? state = null, Task? running = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, state, running);

    /// <summary>The same with a condition that asks over the network (each ask bounded by its own timeout).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? state = null, Task? running = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
        {
            if (running is { IsCompleted: true })
            {
                await running; // its own failure, if it failed
                throw new Xunit.Sdk.XunitException($"stopped before: {what}");
            }

            if (deadline.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"not within {timeout.TotalSeconds:0} s: {what}{(state is null ? "" : $" ({state()})")}");
            }

            await poll.WaitForNextTickAsync();
        }
    }
}
