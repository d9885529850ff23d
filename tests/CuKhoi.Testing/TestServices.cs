using CuKhoi.ServiceDefaults.Downstream;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Testing;

/// <summary>Replacements a test makes in a host's services (ServiceFactory's `testServices`).</summary>
public static class TestServices
{
    /// <summary>
    /// Sends one downstream's calls (named by its client type, e.g. "DvkModelServiceClient")
    /// to a handler: another in-process host's test server, or a fake.
    /// </summary>
    public static IServiceCollection RouteDownstream(this IServiceCollection services, string client, Func<HttpMessageHandler> handler) =>
        services.AddSingleton(new DownstreamTransport(client, handler));

    /// <summary>The clock the host sees (a FakeTimeProvider); null keeps the system clock.</summary>
    public static IServiceCollection UseTimeProvider(this IServiceCollection services, TimeProvider? time) =>
        time is null ? services : services.AddSingleton(time);
}
