using CuKhoi.Articles.Data;
using CuKhoi.Articles.Grpc;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// A real articles host on its own database, with an editor (articles:write) besides the
/// callers every host has (admin, anonymous, reporter, sibling service, no token). Every
/// call gets a 30 s deadline so no test can hang.
/// </summary>
public sealed class ArticleHost : ServiceHost<ArticleServiceImpl, ArticleService.ArticleServiceClient>
{
    private ArticleHost(ServiceFactory<ArticleServiceImpl> factory, bool ownsDatabase)
        : base(factory, invoker => new(invoker), ownsDatabase) =>
        Editor = Client("editor-key", "articles:write");

    /// <summary>A gateway caller with articles:write.</summary>
    public ArticleService.ArticleServiceClient Editor { get; }

    /// <summary>Writes the views counted so far (the service holds them up to `Articles:ViewFlushInterval`).</summary>
    public Task FlushViewsAsync() => Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);

    /// <summary>A host on a database of its own, dropped with the host.</summary>
    public static async Task<ArticleHost> StartAsync(string provider, IDictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        Start(await TestDatabase.CreateAsync(provider), settings, time, ownsDatabase: true);

    /// <summary>A host on an existing database (e.g. the second start of a service); the caller drops it.</summary>
    public static ArticleHost Start(TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        Start(database, settings, time, ownsDatabase: false);

    private static ArticleHost Start(TestDatabase database, IDictionary<string, string?>? settings, TimeProvider? time, bool ownsDatabase)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            // 200 concurrent callers must queue on a pool, not open 200 server connections.
            ["ConnectionStrings:Default"] = database.PooledConnectionString(maxPoolSize: 30),
        };
        // Views reach the database when a test flushes them (FlushViewsAsync), never halfway
        // through a test; ViewCounterTests runs the timer itself.
        all.TryAdd("Articles:ViewFlushInterval", "01:00:00");
        return new ArticleHost(new ServiceFactory<ArticleServiceImpl>(database, all, services => services.UseTimeProvider(time)), ownsDatabase);
    }
}

/// <summary>
/// One host per provider for a test class, started on first use and shared by its tests
/// (they run one after another and each makes its own data, marked with its own tag).
/// </summary>
public class ArticleHosts : HostPool<ArticleHost>
{
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>A clock for the host of one provider (null: the system clock).</summary>
    protected virtual TimeProvider? Time(string provider) => null;

    protected override Task<ArticleHost> StartAsync(string provider) => ArticleHost.StartAsync(provider, Settings, Time(provider));
}
