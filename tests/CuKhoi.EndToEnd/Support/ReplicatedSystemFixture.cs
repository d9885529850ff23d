namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// Two instances each of articles and contests on one PostgreSQL database per service, one
/// dvk-models, one gateway that is given both instances of each: the scale-out shape. Started
/// only in the PostgreSQL pass (replicas on one SQLite file are not a supported deployment);
/// on the SQLite pass it starts nothing and its tests skip.
/// </summary>
public sealed class ReplicatedSystemFixture : IAsyncLifetime
{
    public const int Replicas = 2;

    /// <summary>Bound on each condition a test waits for (a loaded 2-core machine: six hosts and PostgreSQL).</summary>
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);

    private CuKhoiSystem? _system;

    public CuKhoiSystem System => _system ?? throw new InvalidOperationException("The replicated system has not started.");

    /// <summary>The gateway's REST door; callers make many concurrent calls, each on a connection of its own.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Every instance of the replicated services: articles-1, articles-2, contests-1, contests-2.</summary>
    public IReadOnlyList<string> Instances => [.. System.InstancesOf("CuKhoi.Articles"), .. System.InstancesOf("CuKhoi.Contests")];

    public async Task InitializeAsync()
    {
        if (!HostDatabases.IsPostgres)
        {
            return;
        }

        _system = await CuKhoiSystem.StartAsync(Replicas);
        Http = new HttpClient { BaseAddress = _system.RestBase, Timeout = Rest.Timeout };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    /// <summary>Skips a test of the replicated system on the SQLite pass, saying where it runs.</summary>
    public static void SkipUnlessPostgres() =>
        Skip.IfNot(HostDatabases.IsPostgres, $"PostgreSQL only: runs in the {HostDatabases.ProviderVariable}=postgres pass of scripts/test.sh.");

    /// <summary>The calls an instance has served (health checks aside).</summary>
    public long Served(string instance) => System.Requests(instance).Total;

    public Dictionary<string, long> Served() => Instances.ToDictionary(i => i, Served);

    /// <summary>
    /// Every instance running and every service answering through the gateway: a test starts
    /// from a whole system, whatever the one before did (a breaker an earlier test opened
    /// closes after its break).
    /// </summary>
    public Task WholeAsync() => System.WholeAsync();

    /// <summary>
    /// Runs until every instance has served each RPC of the mix once. The first call of a path
    /// in a fresh process pays for JIT and first queries (seconds on a loaded 2-core machine,
    /// past the gateway's 2 s attempt timeout); that is start-up, not what the tests judge, so
    /// a test judges only the calls that start after this.
    /// </summary>
    public Task WarmAsync(Task running) =>
        Poll.UntilAsync(
            () => Instances.All(i => MixedLoad.Methods[System.HostOf(i)].All(m => System.Requests(i).Of(m) > 0)),
            PhaseTimeout,
            "every instance serves each RPC of the mix once",
            () => string.Join("; ", Instances.Select(i => $"{i}: {string.Join(", ", MixedLoad.Methods[System.HostOf(i)].Select(m => $"{m} {System.Requests(i).Of(m)}"))}")),
            running);
}

[CollectionDefinition(Name)]
public sealed class ReplicatedCollection : ICollectionFixture<ReplicatedSystemFixture>
{
    public const string Name = "replicated";
}
