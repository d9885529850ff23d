using Grpc.Net.Client;

// One set of four hosts at a time: the restart test's own processes never compete with the
// shared system's for the 2 cores CI has.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CuKhoi.EndToEnd.Support;

/// <summary>One running system shared by every test of the "system" collection (starting four processes is the slow part).</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private CuKhoiSystem? _system;

    public CuKhoiSystem System => _system ?? throw new InvalidOperationException("The system has not started.");

    /// <summary>A plain HttpClient on the gateway's REST door, no default headers: each test says what it sends.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>An h2c channel to the gateway's gRPC door.</summary>
    public GrpcChannel Grpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _system = await CuKhoiSystem.StartAsync();
        Http = new HttpClient { BaseAddress = _system.RestBase, Timeout = Rest.Timeout };
        Grpc = GrpcChannel.ForAddress(_system.GrpcAddress);
    }

    public async Task DisposeAsync()
    {
        Grpc?.Dispose();
        Http?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
