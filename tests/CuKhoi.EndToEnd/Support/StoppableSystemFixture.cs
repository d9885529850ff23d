namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// One system for the tests that kill or stop its hosts (<see cref="CrashTests"/>,
/// <see cref="ShutdownTests"/>), apart from the shared "system" collection whose tests expect
/// every host up. Each test starts with <see cref="WholeAsync"/>, so one that failed half-way
/// leaves the next a whole system. Its settings serve those tests:
/// views are written only when articles stops (a view acknowledged before a SIGTERM is
/// counted after the restart only if the stop flushed it); the gateway's breaker pauses
/// articles for 1 s, not 15 s (the failures a crash or a stop causes open it; the checks
/// after the restart would only wait that out); and the gateway gives an articles call 10 s,
/// not 2 s: 200 concurrent creates on one SQLite file on a loaded 2-core machine take longer
/// than 2 s each to be written in turn, and a crash test needs them stored and acknowledged,
/// not timed out.
/// </summary>
public sealed class StoppableSystemFixture : IAsyncLifetime
{
    private CuKhoiSystem? _system;
    private Task? _largeArticles;

    public CuKhoiSystem System => _system ?? throw new InvalidOperationException("The system has not started.");

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _system = await CuKhoiSystem.StartAsync(settings: new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["CuKhoi.Articles"] = new Dictionary<string, string> { ["Articles__ViewFlushInterval"] = "01:00:00" },
            ["CuKhoi.Gateway"] = new Dictionary<string, string>
            {
                ["Services__Articles__BreakerBreakDuration"] = "00:00:01",
                ["Services__Articles__AttemptTimeout"] = "00:00:10",
                ["Services__Articles__Deadline"] = "00:00:20",
            },
        });
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

    /// <summary>Every host running and the system ready through the gateway.</summary>
    public Task WholeAsync() => System.WholeAsync();

    /// <summary>The large articles an export needs to be in flight (<see cref="Export.CreateLargeArticlesAsync"/>), made once: only read by the tests.</summary>
    public Task LargeArticlesAsync() => _largeArticles ??= Export.CreateLargeArticlesAsync(Http, System.AdminKey);
}

[CollectionDefinition(Name)]
public sealed class StoppableCollection : ICollectionFixture<StoppableSystemFixture>
{
    public const string Name = "stoppable";
}
