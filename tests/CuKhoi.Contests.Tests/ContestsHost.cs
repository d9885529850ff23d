using CuKhoi.Contests.Grpc;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// A real contests host on its own database. Its DVK downstream goes to an in-process DVK
/// host (real or fake) through that host's test handler, or to whatever address the
/// settings name. Clients for the callers that matter: an organiser (contests:write), an
/// admin, an anonymous reader, a reporting job and a sibling service; every call gets a
/// 30 s deadline unless it sets its own, so no test can hang.
/// </summary>
public sealed class ContestsHost : IAsyncDisposable
{
    private readonly HostFactory<ContestServiceImpl> _factory;

    private ContestsHost(HostFactory<ContestServiceImpl> factory)
    {
        _factory = factory;
        _ = factory.Server; // start now: migrations (and sample data) run before the first call
        Organiser = Client("organiser-key", "contests:write");
        Admin = Client("admin-key", "admin");
        Anonymous = Client(factory.AnonymousInvoker());
        Reporter = Client("report-key", "reports:read");
        Service = Client(factory.Invoker(principal: null));
    }

    public string Provider => _factory.Database.Provider;

    public ContestService.ContestServiceClient Organiser { get; }

    public ContestService.ContestServiceClient Admin { get; }

    public ContestService.ContestServiceClient Anonymous { get; }

    public ContestService.ContestServiceClient Reporter { get; }

    public ContestService.ContestServiceClient Service { get; }

    public IServiceProvider Services => _factory.Services;

    /// <param name="dvk">The DVK host's handler factory (each call a new handler over its test server).</param>
    public static async Task<ContestsHost> StartAsync(
        string provider = "sqlite",
        Func<HttpMessageHandler>? dvk = null,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        bool sample = false)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var all = new Dictionary<string, string?>
        {
            // Without a DVK host, a port nobody listens on: a test never reaches a real service by accident.
            ["Services:DvkModels:Address"] = "http://127.0.0.1:1",
            ["Seed:Sample"] = sample ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        if (database.Provider == "postgres")
        {
            // Concurrent test callers queue on a small pool instead of opening many connections.
            all["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 20 }.ConnectionString;
        }

        var handlers = dvk is null
            ? null
            : new Dictionary<string, Func<HttpMessageHandler>> { [nameof(DvkModelService.DvkModelServiceClient)] = dvk };
        return new ContestsHost(new HostFactory<ContestServiceImpl>(database, all, handlers, time));
    }

    public ContestService.ContestServiceClient Client(string principal, string scopes) => Client(_factory.Invoker(principal, scopes));

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    private static ContestService.ContestServiceClient Client(CallInvoker invoker) =>
        new(invoker.Intercept(new DeadlineInterceptor(TimeSpan.FromSeconds(30))));

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
