using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>An in-process gRPC server for fakes: the three services' stand-ins plus grpc.health.v1.</summary>
public sealed class FakeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHost(WebApplication app, FakeArticles articles, HealthServiceImpl health)
    {
        _app = app;
        Articles = articles;
        Health = health;
    }

    public FakeArticles Articles { get; }

    public HealthServiceImpl Health { get; }

    /// <summary>
    /// Starts the fakes in process, or with `onLoopback` on a real h2c port (127.0.0.1:0), so
    /// calls cross a real socket handler as they do in production (trace propagation).
    /// </summary>
    public static async Task<FakeHost> StartAsync(bool onLoopback = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        // No configuration at all: the test output holds the gateway's appsettings.json, whose
        // Kestrel endpoints (the contract's ports) a fake must never bind.
        builder.Configuration.Sources.Clear();
        if (onLoopback)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var articles = new FakeArticles();
        var health = new HealthServiceImpl();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(articles);
        builder.Services.AddSingleton<FakeDvkModels>();
        builder.Services.AddSingleton<FakeContests>();
        builder.Services.AddSingleton(health);
        var app = builder.Build();
        app.MapGrpcService<FakeArticles>();
        app.MapGrpcService<FakeDvkModels>();
        app.MapGrpcService<FakeContests>();
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new FakeHost(app, articles, health);
    }

    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>The real address when started on loopback.</summary>
    public string Address => _app.Urls.First();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
