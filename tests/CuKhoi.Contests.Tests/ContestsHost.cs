using CuKhoi.Contests.Grpc;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// A real contests host on its own database. Its DVK downstream goes to an in-process DVK
/// host (real or fake) through that host's test handler, or to whatever address the
/// settings name. An organiser (contests:write) besides the callers every host has (admin,
/// anonymous, reporter, sibling service, no token); every call gets a 30 s deadline unless
/// it sets its own, so no test can hang.
/// </summary>
public sealed class ContestsHost : ServiceHost<ContestServiceImpl, ContestService.ContestServiceClient>
{
    private ContestsHost(ServiceFactory<ContestServiceImpl> factory, bool ownsDatabase)
        : base(factory, invoker => new(invoker), ownsDatabase) =>
        Organiser = Client("organiser-key", "contests:write");

    /// <summary>A gateway caller with contests:write.</summary>
    public ContestService.ContestServiceClient Organiser { get; }

    /// <param name="dvk">The DVK host's handler factory (each call a new handler over its test server).</param>
    public static async Task<ContestsHost> StartAsync(
        string provider = "sqlite",
        Func<HttpMessageHandler>? dvk = null,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        bool sample = false) =>
        Start(await TestDatabase.CreateAsync(provider), dvk, settings, time, sample, ownsDatabase: true);

    /// <summary>A host on an existing database (e.g. the second start of a service), no DVK host; the caller drops the database.</summary>
    public static ContestsHost Start(TestDatabase database) => Start(database, dvk: null, settings: null, time: null, sample: false, ownsDatabase: false);

    private static ContestsHost Start(TestDatabase database, Func<HttpMessageHandler>? dvk, IDictionary<string, string?>? settings, TimeProvider? time, bool sample, bool ownsDatabase)
    {
        var all = new Dictionary<string, string?>
        {
            // Without a DVK host, a port nobody listens on: a test never reaches a real service by accident.
            ["Services:DvkModels:Address"] = "http://127.0.0.1:1",
            ["Seed:Sample"] = sample ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // Concurrent test callers queue on a small pool instead of opening many connections.
        all["ConnectionStrings:Default"] = database.PooledConnectionString(maxPoolSize: 20);
        return new ContestsHost(new ServiceFactory<ContestServiceImpl>(database, all, services =>
        {
            if (dvk is not null)
            {
                services.RouteDownstream(nameof(DvkModelService.DvkModelServiceClient), dvk);
            }

            services.UseTimeProvider(time);
        }), ownsDatabase);
    }
}
