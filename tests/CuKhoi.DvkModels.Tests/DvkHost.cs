using CuKhoi.DvkModels.Grpc;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// A real DVK models host on its own database, with a client per kind of caller. Every call
/// gets a 30 s deadline, so no test can hang.
/// </summary>
public sealed class DvkHost : IAsyncDisposable
{
    private readonly ServiceFactory<DvkModelServiceImpl> _factory;

    private DvkHost(ServiceFactory<DvkModelServiceImpl> factory)
    {
        _factory = factory;
        _ = factory.Server; // start now: migrations (and sample data) run before the first call
        Editor = Client(factory.Invoker("editor-key", "dvk:write"));
        Admin = Client(factory.Invoker("admin-key", "admin"));
        Reader = Client(factory.Invoker("reader-key", "articles:write"));
        Reporter = Client(factory.Invoker("report-key", "reports:read"));
        Anonymous = Client(factory.AnonymousInvoker());
        Service = Client(factory.Invoker(principal: null));
        NoToken = Client(factory.Invoker(token: null));
    }

    public string Provider => _factory.Database.Provider;

    /// <summary>A gateway caller with dvk:write.</summary>
    public DvkModelService.DvkModelServiceClient Editor { get; }

    public DvkModelService.DvkModelServiceClient Admin { get; }

    /// <summary>A gateway caller with a key but no dvk:write.</summary>
    public DvkModelService.DvkModelServiceClient Reader { get; }

    public DvkModelService.DvkModelServiceClient Reporter { get; }

    public DvkModelService.DvkModelServiceClient Anonymous { get; }

    /// <summary>A sibling service (the contests service): no principal, full trust.</summary>
    public DvkModelService.DvkModelServiceClient Service { get; }

    /// <summary>A call without the internal token.</summary>
    public DvkModelService.DvkModelServiceClient NoToken { get; }

    public static async Task<DvkHost> StartAsync(string provider, bool sample = false) =>
        new(new ServiceFactory<DvkModelServiceImpl>(
            await TestDatabase.CreateAsync(provider),
            new Dictionary<string, string?> { ["Seed:Sample"] = sample ? "true" : "false" }));

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    private static DvkModelService.DvkModelServiceClient Client(CallInvoker invoker) =>
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

/// <summary>
/// One host per provider for a test class, started on first use and shared by its tests
/// (xunit runs a class's tests one after another; each makes its own data under its own tag).
/// A PostgreSQL host is skipped when no server is configured.
/// </summary>
public class DvkHosts : IAsyncLifetime
{
    private readonly Dictionary<string, Task<DvkHost>> _hosts = [];
    private readonly Lock _lock = new();

    protected virtual bool Sample => false;

    public Task<DvkHost> GetAsync(string provider)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(provider, out var host))
            {
                host = DvkHost.StartAsync(provider, Sample);
                _hosts[provider] = host;
            }

            return host.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            if (host.IsCompletedSuccessfully)
            {
                await (await host).DisposeAsync();
            }
        }
    }
}

/// <summary>Hosts loaded with the sample data (`Seed:Sample=true`).</summary>
public sealed class SampleDvkHosts : DvkHosts
{
    protected override bool Sample => true;
}
