using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace CuKhoi.Testing;

/// <summary>Replacements a test makes in a host's services (ServiceFactory's `testServices`).</summary>
public static class TestServices
{
    /// <summary>
    /// Sends a named HTTP client's calls (a typed gRPC client is named after its type) to a
    /// handler: another in-process host's test server, or a fake.
    /// </summary>
    public static IServiceCollection RouteHttpClient(this IServiceCollection services, string name, Func<HttpMessageHandler> handler) =>
        services.Configure<HttpClientFactoryOptions>(name, options =>
            options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = handler()));

    /// <summary>The clock the host sees (a FakeTimeProvider); null keeps the system clock.</summary>
    public static IServiceCollection UseTimeProvider(this IServiceCollection services, TimeProvider? time) =>
        time is null ? services : services.AddSingleton(time);
}
