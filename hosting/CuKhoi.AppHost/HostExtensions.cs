namespace CuKhoi.AppHost;

internal static class HostExtensions
{
    /// <summary>
    /// A host of ours as a plain process: no launch profile and no Aspire proxy, so it
    /// listens on the contract ports its own Kestrel configuration names (Aspire would
    /// otherwise rename a single "Grpc" endpoint to "http" and bind the port twice).
    /// Its SQLite file lives in the run's data folder, so it is reused on the next start.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddHost<TProject>(this IDistributedApplicationBuilder builder, string name, RunSettings settings)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, options =>
            {
                options.ExcludeLaunchProfile = true;
                options.ExcludeKestrelEndpoints = true;
            })
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "false")
            .WithEnvironment("Internal__Token", settings.InternalToken)
            .WithEnvironment("Database__Provider", "sqlite")
            .WithEnvironment("ConnectionStrings__Default", $"Data Source={Path.Combine(settings.DataDirectory, name + ".db")}");

    /// <summary>A gRPC service on 127.0.0.1:port with sample data on (loaded once, on an empty database).</summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, int port, RunSettings settings)
        where TProject : IProjectMetadata, new() =>
        builder.AddHost<TProject>(name, settings)
            .WithEnvironment("Kestrel__Endpoints__Grpc__Url", Ports.Url(port))
            .WithEnvironment("Seed__Sample", "true");
}
