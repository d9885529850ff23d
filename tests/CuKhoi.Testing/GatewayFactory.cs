using System.Net;
using System.Net.Sockets;
using CuKhoi.Gateway.Forwarding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Testing;

/// <summary>
/// The real gateway host in process, on its own database: the one gateway factory of the
/// test projects. Each downstream client points at a loopback port nothing listens on (a
/// stopped service) unless a test routes it to a handler (an in-process service host or a
/// fake) with <see cref="Downstream"/>. The bootstrap admin key is <see cref="AdminKey"/>;
/// rate limits are off unless a test turns them on.
/// </summary>
public sealed class GatewayFactory : ServiceFactory<ArticleForwarder>
{
    public const string AdminKey = "ck_test-bootstrap-admin-key-for-tests-only";

    /// <summary>The names of the gateway's downstream clients (their client types).</summary>
    public const string Articles = "ArticleServiceClient";
    public const string DvkModels = "DvkModelServiceClient";
    public const string Contests = "ContestServiceClient";

    private static readonly Lazy<int> ClosedPort = new(() =>
    {
        // Bind, note the port, close: connections to it are refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    private readonly IDictionary<string, string?> _settings;
    private readonly Dictionary<string, Func<HttpMessageHandler>> _handlers = [];
    private TimeProvider? _time;

    public GatewayFactory(TestDatabase database, IDictionary<string, string?>? settings = null)
        : this(database, Defaults(settings))
    {
    }

    private GatewayFactory(TestDatabase database, Dictionary<string, string?> settings)
        : base(database, settings) => _settings = settings;

    /// <summary>Sends one downstream's calls (its typed client and its health probe) to a handler.</summary>
    public GatewayFactory Downstream(string clientName, Func<HttpMessageHandler> handler)
    {
        _handlers[clientName] = handler;
        return this;
    }

    /// <summary>The clock the resilience pipelines see (a FakeTimeProvider drives the breaker).</summary>
    public GatewayFactory Time(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>
    /// The REST address when the factory runs on Kestrel (<see cref="WebApplicationFactory{T}.UseKestrel()"/>):
    /// of the gateway's two loopback endpoints, the one that answers HTTP/1.1 (the other is h2c only).
    /// </summary>
    public async Task<Uri> KestrelRestAddressAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var address in addresses.Select(a => new Uri(a)))
        {
            using var response = await http.GetAsync(new Uri(address, "/healthz"));
            if (response.IsSuccessStatusCode)
            {
                return address;
            }
        }

        throw new InvalidOperationException($"No HTTP/1.1 endpoint among {string.Join(", ", addresses)}.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Host settings reach builder.Configuration before Program reads it (AddDownstream,
        // AddDatabase, rate limits); app configuration from the factory arrives only at Build().
        foreach (var (key, value) in Database.Settings().Concat(_settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var (name, handler) in _handlers)
            {
                services.RouteDownstream(name, handler);
            }

            if (_time is not null)
            {
                services.AddSingleton(_time);
            }
        });
    }

    private static Dictionary<string, string?> Defaults(IDictionary<string, string?>? overrides)
    {
        var down = $"http://127.0.0.1:{ClosedPort.Value}";
        var settings = new Dictionary<string, string?>
        {
            ["CUKHOI_ADMIN_KEY"] = AdminKey,
            ["RateLimiting:Enabled"] = "false",
            ["Services:Articles:Address"] = down,
            ["Services:DvkModels:Address"] = down,
            ["Services:Contests:Address"] = down,
            // Retries must not wait on a clock a test may have frozen.
            ["Services:Articles:RetryDelay"] = "00:00:00",
            ["Services:DvkModels:RetryDelay"] = "00:00:00",
            ["Services:Contests:RetryDelay"] = "00:00:00",
            // Only used when the factory runs on Kestrel: loopback, any free port, never the contract's.
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
