using CuKhoi.DvkModels.Grpc;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// A real DVK models host on its own database, with an editor and a reader besides the
/// callers every host has (admin, anonymous, reporter, sibling service, no token). Every
/// call gets a 30 s deadline, so no test can hang.
/// </summary>
public sealed class DvkHost : ServiceHost<DvkModelServiceImpl, DvkModelService.DvkModelServiceClient>
{
    private DvkHost(ServiceFactory<DvkModelServiceImpl> factory, bool ownsDatabase = true)
        : base(factory, invoker => new(invoker), ownsDatabase)
    {
        Editor = Client("editor-key", "dvk:write");
        Reader = Client("reader-key", "articles:write");
    }

    /// <summary>A gateway caller with dvk:write.</summary>
    public DvkModelService.DvkModelServiceClient Editor { get; }

    /// <summary>A gateway caller with a key but no dvk:write.</summary>
    public DvkModelService.DvkModelServiceClient Reader { get; }

    public static async Task<DvkHost> StartAsync(string provider, bool sample = false) =>
        new(new ServiceFactory<DvkModelServiceImpl>(
            await TestDatabase.CreateAsync(provider),
            new Dictionary<string, string?> { ["Seed:Sample"] = sample ? "true" : "false" }));

    /// <summary>A host on an existing database (e.g. the second start of a service); the caller drops it.</summary>
    public static DvkHost Start(TestDatabase database) => new(new ServiceFactory<DvkModelServiceImpl>(database), ownsDatabase: false);
}

/// <summary>One host per provider for a test class; a PostgreSQL host is skipped when no server is configured.</summary>
public class DvkHosts : HostPool<DvkHost>
{
    protected virtual bool Sample => false;

    protected override Task<DvkHost> StartAsync(string provider) => DvkHost.StartAsync(provider, Sample);
}

/// <summary>Hosts loaded with the sample data (`Seed:Sample=true`).</summary>
public sealed class SampleDvkHosts : DvkHosts
{
    protected override bool Sample => true;
}
