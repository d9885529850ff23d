using CuKhoi.Testing;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>The gateway in front of a fake articles service (and fake health for all three).</summary>
public class GatewayWithFake : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    public FakeHost Fake { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fake = await FakeHost.StartAsync();
        Gateway = new GatewayFactory(_database, Settings)
            .Downstream(GatewayFactory.Articles, Fake.CreateHandler)
            .Downstream(GatewayFactory.DvkModels, Fake.CreateHandler)
            .Downstream(GatewayFactory.Contests, Fake.CreateHandler);
        Client = Gateway.CreateClient();
    }

    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Fake.DisposeAsync();
        await _database.DisposeAsync();
    }
}
