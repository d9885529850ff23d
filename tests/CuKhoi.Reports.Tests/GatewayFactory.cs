using System.Net;
using System.Net.Sockets;
using CuKhoi.Gateway.Reports;
using CuKhoi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Reports.Tests;

/// <summary>
/// The real gateway host in process, on its own database. Each downstream client is either
/// routed to an in-process service host (<see cref="Route{TClient}"/>) or left pointing at
/// a loopback port nothing listens on: a stopped service.
/// </summary>
public sealed class GatewayFactory(TestDatabase database, TimeSpan? reportTimeout) : WebApplicationFactory<ReportServiceImpl>
{
    public const string AdminKey = "test-admin-key";

    private static readonly Lazy<int> ClosedPort = new(() =>
    {
        // Bind, note the port, close: connections to it are refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    private readonly List<(string Client, Func<HttpMessageHandler> Handler)> _routes = [];

    public void Route<TClient>(Func<HttpMessageHandler> handler) => _routes.Add((typeof(TClient).Name, handler));

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
        builder.UseEnvironment("Testing");
        // Host settings, not app configuration: Program reads them before Build().
        var down = $"http://127.0.0.1:{ClosedPort.Value}";
        var settings = new Dictionary<string, string?>
        {
            ["Internal:Token"] = ServiceFactory<ReportServiceImpl>.InternalToken,
            ["CUKHOI_ADMIN_KEY"] = AdminKey,
            ["RateLimiting:Enabled"] = "false",
            ["Services:Articles:Address"] = down,
            ["Services:DvkModels:Address"] = down,
            ["Services:Contests:Address"] = down,
            // Only used when the factory runs on Kestrel: loopback, any free port.
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
        };
        if (reportTimeout is { } timeout)
        {
            settings["Reports:Timeout"] = timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings.Concat(database.Settings()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var (client, handler) in _routes)
            {
                services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(handler);
            }
        });
    }
}
