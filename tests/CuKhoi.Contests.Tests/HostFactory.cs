using CuKhoi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// <see cref="ServiceFactory{TEntryPoint}"/> whose settings are also host settings, so they
/// reach builder.Configuration before Program reads it (AddDownstream reads the DVK address
/// and the internal token there; app configuration from a factory arrives only at Build()).
/// Optionally sends a named HTTP client's calls to a handler, and replaces the clock.
/// </summary>
public sealed class HostFactory<TEntryPoint>(
    TestDatabase database,
    IDictionary<string, string?>? settings = null,
    IReadOnlyDictionary<string, Func<HttpMessageHandler>>? handlers = null,
    TimeProvider? time = null)
    : ServiceFactory<TEntryPoint>(database, settings)
    where TEntryPoint : class
{
    private readonly IDictionary<string, string?> _settings = settings ?? new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Internal:Token", InternalToken);
        foreach (var (key, value) in Database.Settings().Concat(_settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var (name, handler) in handlers ?? new Dictionary<string, Func<HttpMessageHandler>>())
            {
                services.Configure<HttpClientFactoryOptions>(name, options =>
                    options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = handler()));
            }

            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
    }
}
