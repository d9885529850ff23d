using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// A bare host built the way every service builds itself (AddServiceDefaults,
/// MapDefaultEndpoints), reached over a real gRPC channel: the interceptors are wired.
/// </summary>
public sealed class ServiceHostTests : IAsyncLifetime
{
    private const string Token = "host-test-token-0123456789abcdef-xyz";

    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Internal:Token"] = Token });
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var server = _app.GetTestServer();
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        var reply = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_needs_the_token()
    {
        // Refused before the service reads a request: nothing is written, so no write races
        // the refusal (a write to a call that has ended fails as cancelled). Without the check,
        // reflection would wait for a request until the deadline.
        using (var refused = new ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo(new Metadata(), DateTime.UtcNow.AddSeconds(10)))
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        }

        var services = await ListServicesAsync(new Metadata { { CallMetadata.InternalToken, Token } });
        Assert.Contains("grpc.health.v1.Health", services);
    }

    private async Task<List<string>> ListServicesAsync(Metadata headers)
    {
        using var call = new ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo(headers, DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }
}
