using Grpc.Core;

namespace CuKhoi.Testing;

/// <summary>
/// A started service host on its database, with typed clients for the callers every service
/// sees; a derived host adds the ones with its own write scope. Calls get a
/// <see cref="DefaultDeadline"/> unless they set their own, so no test can hang.
/// </summary>
public abstract class ServiceHost<TEntryPoint, TClient> : IAsyncDisposable
    where TEntryPoint : class
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private readonly Func<CallInvoker, TClient> _newClient;
    private readonly bool _ownsDatabase;

    /// <param name="newClient">The generated client over an invoker (`invoker => new(invoker)`).</param>
    /// <param name="ownsDatabase">Drop the database with the host; false when the caller reuses it (a second start).</param>
    protected ServiceHost(ServiceFactory<TEntryPoint> factory, Func<CallInvoker, TClient> newClient, bool ownsDatabase = true)
    {
        Factory = factory;
        _newClient = newClient;
        _ownsDatabase = ownsDatabase;
        _ = factory.Server; // start now: migrations (and sample data) run before the first call
        Admin = Client("admin-key", "admin");
        Anonymous = Client(factory.AnonymousInvoker());
        Reporter = Client("report-key", "reports:read");
        Service = Client(factory.Invoker(principal: null));
        NoToken = Client(factory.Invoker(token: null));
    }

    /// <summary>A gateway caller with the admin scope.</summary>
    public TClient Admin { get; }

    /// <summary>A gateway caller without a key.</summary>
    public TClient Anonymous { get; }

    /// <summary>The reporting job (reports:read).</summary>
    public TClient Reporter { get; }

    /// <summary>A sibling service: no principal, full trust.</summary>
    public TClient Service { get; }

    /// <summary>A call without the internal token.</summary>
    public TClient NoToken { get; }

    public TestDatabase Database => Factory.Database;

    public string Provider => Factory.Database.Provider;

    public IServiceProvider Services => Factory.Services;

    protected ServiceFactory<TEntryPoint> Factory { get; }

    /// <summary>A client acting for a gateway caller with these scopes.</summary>
    public TClient Client(string principal, string scopes) => Client(Factory.Invoker(principal, scopes));

    /// <summary>
    /// An invoker for another gRPC service of the host (the internal OperationsService every
    /// host serves), acting as <see cref="ServiceFactory{TEntryPoint}.Invoker"/> does, with the default deadline.
    /// </summary>
    public CallInvoker Invoker(string? principal = "admin-key", string scopes = "admin", string? token = ServiceFactory<TEntryPoint>.InternalToken) =>
        Factory.Invoker(principal, scopes, token).WithDefaultDeadline(DefaultDeadline);

    /// <summary>A new handler over the test server, for another host's HTTP client.</summary>
    public HttpMessageHandler CreateHandler() => Factory.Server.CreateHandler();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_ownsDatabase)
        {
            await Factory.Database.DisposeAsync();
        }
    }

    protected TClient Client(CallInvoker invoker) => _newClient(invoker.WithDefaultDeadline(DefaultDeadline));
}
