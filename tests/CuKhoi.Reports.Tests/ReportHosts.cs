using CuKhoi.Articles.Grpc;
using CuKhoi.Contests.Grpc;
using CuKhoi.DvkModels.Grpc;
using CuKhoi.Gateway.Reports;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Reports.Tests;

/// <summary>
/// The three services as real in-process hosts, each on its own temp SQLite database with
/// the sample data. The contests host reaches the DVK host through its handler, as the
/// gateway built by <see cref="GatewayFactory"/> reaches all three.
/// </summary>
public sealed class ReportHosts : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Sample = new() { ["Seed:Sample"] = "true" };

    private readonly List<TestDatabase> _databases = [];
    private readonly List<IAsyncDisposable> _hosts = [];

    public ServiceFactory<ArticleServiceImpl> Articles { get; private set; } = null!;

    public ServiceFactory<DvkModelServiceImpl> Dvk { get; private set; } = null!;

    public ServiceFactory<ContestServiceImpl> Contests { get; private set; } = null!;

    /// <summary>The contests host's clock (e.g. a day of 2020, to take entries in a 2020 contest); the system clock when null.</summary>
    public TimeProvider? ContestsClock { get; init; }

    public async Task InitializeAsync()
    {
        Articles = Track(new ServiceFactory<ArticleServiceImpl>(Database(), Sample));
        Dvk = Track(new ServiceFactory<DvkModelServiceImpl>(Database(), Sample));
        Contests = Track(new ContestsFactory(Database(), Dvk, ContestsClock));
        // Start each host now (migrations and sample data) rather than inside the first test's timeout.
        await Task.WhenAll(
            Task.Run(() => Articles.Server),
            Task.Run(() => Dvk.Server),
            Task.Run(() => Contests.Server)).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A gateway whose clients reach these hosts; `down` names services it cannot reach.</summary>
    public GatewayFactory Gateway(TimeSpan? reportTimeout = null, params string[] down)
    {
        var settings = reportTimeout is { } timeout
            ? new Dictionary<string, string?> { ["Reports:Timeout"] = timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture) }
            : null;
        var gateway = Track(new GatewayFactory(Database(), settings));
        if (!down.Contains(ReportSources.Articles))
        {
            gateway.Downstream(GatewayFactory.Articles, () => Articles.Server.CreateHandler());
        }

        if (!down.Contains(ReportSources.DvkModels))
        {
            gateway.Downstream(GatewayFactory.DvkModels, () => Dvk.Server.CreateHandler());
        }

        if (!down.Contains(ReportSources.Contests))
        {
            gateway.Downstream(GatewayFactory.Contests, () => Contests.Server.CreateHandler());
        }

        return gateway;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private TestDatabase Database()
    {
        var database = TestDatabase.Sqlite();
        _databases.Add(database);
        return database;
    }

    private T Track<T>(T host)
        where T : IAsyncDisposable
    {
        _hosts.Add(host);
        return host;
    }

    /// <summary>
    /// The contests host, its DVK client routed to the in-process DVK host.
    /// Its settings are host settings too: Program reads the token and the DVK address before
    /// Build(), where a factory's app configuration has not arrived yet.
    /// </summary>
    private sealed class ContestsFactory(TestDatabase database, ServiceFactory<DvkModelServiceImpl> dvk, TimeProvider? clock)
        : ServiceFactory<ContestServiceImpl>(database, Sample)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Internal:Token", InternalToken);
            builder.UseSetting("Services:DvkModels:Address", "http://dvk-models.test");
            foreach (var (key, value) in Database.Settings().Concat(Sample))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.RouteDownstream(typeof(DvkModelService.DvkModelServiceClient).Name, () => dvk.Server.CreateHandler());
                if (clock is not null)
                {
                    services.AddSingleton(clock);
                }
            });
        }
    }
}
