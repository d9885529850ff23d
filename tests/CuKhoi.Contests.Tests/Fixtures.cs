using CuKhoi.Testing;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// A contests host on SQLite whose DVK downstream is a real DVK host in process. Shared
/// by a test class: its tests run one after another and each makes its own data.
/// </summary>
public class ContestsWithDvk : IAsyncLifetime
{
    private static int _nextYear = 2030;

    public RealDvkHost Dvk { get; private set; } = null!;

    public ContestsHost Host { get; private set; } = null!;

    /// <summary>A year no other test of the run uses, so per-year figures and lists are a test's own.</summary>
    public static int NewYear() => Interlocked.Increment(ref _nextYear);

    protected virtual TimeProvider? Time => null;

    public virtual async Task InitializeAsync()
    {
        Dvk = new RealDvkHost();
        Host = await ContestsHost.StartAsync(dvk: Dvk.CreateHandler, time: Time);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Dvk.DisposeAsync();
    }
}

/// <summary>Hosts per database provider, started on first use and shared by a test class.</summary>
public sealed class ContestsPerProvider : HostPool<ContestsHost>
{
    protected override Task<ContestsHost> StartAsync(string provider) => ContestsHost.StartAsync(provider);
}
