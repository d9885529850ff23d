using CuKhoi.Contests.Grpc;
using CuKhoi.DvkModels.Grpc;
using CuKhoi.Testing;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>
/// The gateway in front of the three real services, each in process on its own temp SQLite
/// file: the gateway's typed clients reach the articles, DVK and contests test servers, and
/// the contests host's own DVK client reaches the same DVK host. Keys for the callers the
/// tests need. Shared by a test class; every test makes its own data.
/// </summary>
public sealed class GatewayWithServices : IAsyncLifetime
{
    private static int _nextYear = 2040;

    private readonly List<TestDatabase> _databases = [];
    private bool _dvkStopped;

    public ArticlesFactory Articles { get; private set; } = null!;

    public ServiceFactory<DvkModelServiceImpl> Dvk { get; private set; } = null!;

    public ServiceFactory<ContestServiceImpl> Contests { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Keys by what they hold: dvk:write, contests:write, reports:read, articles:write (a key lacking the other scopes).</summary>
    public ApiKeyInfo DvkEditor { get; private set; } = null!;

    public ApiKeyInfo Organiser { get; private set; } = null!;

    public ApiKeyInfo Reporter { get; private set; } = null!;

    public ApiKeyInfo ArticlesEditor { get; private set; } = null!;

    /// <summary>A year no other test of the run uses, so per-year lists are a test's own.</summary>
    public static int NewYear() => Interlocked.Increment(ref _nextYear);

    /// <summary>A name no other test uses (owner units, titles): filters on it see only a test's own data.</summary>
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        Articles = new ArticlesFactory(Database());
        Dvk = new ServiceFactory<DvkModelServiceImpl>(Database());
        Contests = new ServiceFactory<ContestServiceImpl>(
            Database(),
            // Only a name: the contests host's DVK client is routed to the DVK test server.
            new Dictionary<string, string?> { ["Services:DvkModels:Address"] = "http://dvk-models.test" },
            services => services.RouteDownstream(GatewayFactory.DvkModels, () => Dvk.Server.CreateHandler()));
        Gateway = new GatewayFactory(Database())
            .Downstream(GatewayFactory.Articles, () => Articles.Server.CreateHandler())
            .Downstream(GatewayFactory.DvkModels, () => Dvk.Server.CreateHandler())
            .Downstream(GatewayFactory.Contests, () => Contests.Server.CreateHandler());

        // Start every host now (migrations) rather than inside the first test's timeout.
        await Task.WhenAll(
            Task.Run(() => Articles.Server),
            Task.Run(() => Dvk.Server),
            Task.Run(() => Contests.Server),
            Task.Run(() => Gateway.Server)).WaitAsync(TimeSpan.FromSeconds(60));
        Client = Gateway.CreateClient();
        DvkEditor = await GatewayWithArticles.CreateKeyAsync(Client, "dvk", "dvk:write");
        Organiser = await GatewayWithArticles.CreateKeyAsync(Client, "organiser", "contests:write");
        Reporter = await GatewayWithArticles.CreateKeyAsync(Client, "reporter", "reports:read");
        ArticlesEditor = await GatewayWithArticles.CreateKeyAsync(Client, "editor", "articles:write");
    }

    /// <summary>Stops the DVK host: from then on the contests host (and the gateway) cannot reach it.</summary>
    public async Task StopDvkAsync()
    {
        _dvkStopped = true;
        await Dvk.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Contests.DisposeAsync();
        if (!_dvkStopped)
        {
            await Dvk.DisposeAsync();
        }

        await Articles.DisposeAsync();
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private TestDatabase Database()
    {
        var database = TestDatabase.Sqlite();
        _databases.Add(database);
        return database;
    }
}
