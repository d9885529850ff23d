using CuKhoi.Gateway.Forwarding;
using CuKhoi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>
/// The gateway in process on its own database. Downstream clients point at addresses
/// nobody listens on unless a test gives a handler for them (an in-process articles host,
/// or a fake); the bootstrap admin key is <see cref="AdminKey"/>.
/// </summary>
public sealed class GatewayFactory : ServiceFactory<ArticleForwarder>
{
    public const string AdminKey = "ck_test-bootstrap-admin-key";
    public const string Articles = "ArticleServiceClient";
    public const string DvkModels = "DvkModelServiceClient";
    public const string Contests = "ContestServiceClient";

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
                services.Configure<HttpClientFactoryOptions>(name, options =>
                    options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = handler()));
            }

            if (_time is not null)
            {
                services.AddSingleton(_time);
            }
        });
    }

    private static Dictionary<string, string?> Defaults(IDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Internal:Token"] = InternalToken,
            ["CUKHOI_ADMIN_KEY"] = AdminKey,
            ["RateLimiting:Enabled"] = "false",
            // Nothing listens on port 1: a downstream without a handler is "down".
            ["Services:Articles:Address"] = "http://127.0.0.1:1",
            ["Services:DvkModels:Address"] = "http://127.0.0.1:1",
            ["Services:Contests:Address"] = "http://127.0.0.1:1",
            // Retries must not wait on a clock a test may have frozen.
            ["Services:Articles:RetryDelay"] = "00:00:00",
            ["Services:DvkModels:RetryDelay"] = "00:00:00",
            ["Services:Contests:RetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
