using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
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

    public static async Task<FakeHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
