using CuKhoi.Articles.Grpc;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// A real articles host on its own database, with clients for the callers that matter:
/// an editor (articles:write), an admin, an anonymous reader, a reporting job and a
/// sibling service. Every call gets a 30 s deadline so no test can hang.
/// </summary>
public sealed class ArticleHost : IAsyncDisposable
{
    private readonly Factory _factory;

    private ArticleHost(Factory factory)
    {
        _factory = factory;
        _ = factory.Server; // start now: migrations run before the first call
        Editor = Client(factory.Invoker("editor-key", "articles:write"));
        Admin = Client(factory.Invoker("admin-key", "admin"));
        Anonymous = Client(factory.AnonymousInvoker());
        Reporter = Client(factory.Invoker("report-key", "reports:read"));
        Service = Client(factory.Invoker(principal: null));
        NoToken = Client(factory.Invoker(token: null));
    }

    public string Provider => _factory.Database.Provider;

    public ArticleService.ArticleServiceClient Editor { get; }

    public ArticleService.ArticleServiceClient Admin { get; }

    public ArticleService.ArticleServiceClient Anonymous { get; }

    public ArticleService.ArticleServiceClient Reporter { get; }

    public ArticleService.ArticleServiceClient Service { get; }

    public ArticleService.ArticleServiceClient NoToken { get; }

    public TestDatabase Database => _factory.Database;

    public static async Task<ArticleHost> StartAsync(string provider, IDictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        Start(await TestDatabase.CreateAsync(provider), settings, time);

    /// <summary>A host on an existing database (e.g. the second start of a service).</summary>
    public static ArticleHost Start(TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (database.Provider == "postgres")
        {
            // 200 concurrent callers must queue on a pool, not open 200 server connections.
            all["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 30 }.ConnectionString;
        }

        return new ArticleHost(new Factory(database, all, time));
    }

    public ArticleService.ArticleServiceClient Client(string principal, string scopes) => Client(_factory.Invoker(principal, scopes));

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
    }

    /// <summary>Disposes the host and its database.</summary>
    public async ValueTask DisposeWithDatabaseAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    private static ArticleService.ArticleServiceClient Client(CallInvoker invoker) =>
        new(invoker.Intercept(new DeadlineInterceptor(TimeSpan.FromSeconds(30))));

    private sealed class Factory(TestDatabase database, IDictionary<string, string?> settings, TimeProvider? time)
        : ServiceFactory<ArticleServiceImpl>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (time is not null)
            {
                builder.ConfigureTestServices(services => services.AddSingleton(time));
            }
        }
    }

    private sealed class DeadlineInterceptor(TimeSpan timeout) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class
            where TResponse : class =>
            context.Options.Deadline is not null
                ? context
                : new(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow.Add(timeout)));
    }
}

/// <summary>
/// One host per provider for a test class, started on first use and shared by its tests
/// (they run one after another and each makes its own data, marked with its own tag).
/// </summary>
public class ArticleHosts : IAsyncLifetime
{
    private readonly Dictionary<string, Task<ArticleHost>> _hosts = [];
    private readonly Lock _lock = new();

    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>A clock for the host of one provider (null: the system clock).</summary>
    protected virtual TimeProvider? Time(string provider) => null;

    public Task<ArticleHost> GetAsync(string provider)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(provider, out var host))
            {
                host = ArticleHost.StartAsync(provider, Settings, Time(provider));
                _hosts[provider] = host;
            }

            return host;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            if (host.IsCompletedSuccessfully)
            {
                await host.Result.DisposeWithDatabaseAsync();
            }
        }
    }
}
