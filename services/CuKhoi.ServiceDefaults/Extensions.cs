using System.Reflection;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.ServiceDefaults.Telemetry;
using CuKhoi.ServiceDefaults.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CuKhoi.ServiceDefaults;

/// <summary>What every host needs: telemetry, health, reflection, the internal token, errors, text, database (and its backup).</summary>
public static class Extensions
{
    /// <summary>Telemetry and the ICU check: for every host, the gateway included.</summary>
    public static WebApplicationBuilder AddHostDefaults(this WebApplicationBuilder builder)
    {
        Icu.Ensure();
        // No `Server: Kestrel` banner: nothing for a prober to match versions against.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddTelemetry();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StartupMemory>();
        // A graceful stop lets calls in flight finish for this long (then they are cut).
        builder.Services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = builder.Configuration.GetValue("Shutdown:Timeout", Draining.DefaultTimeout));
        return builder;
    }

    /// <summary>
    /// A gRPC service host: h2c on 127.0.0.1 by default, the internal token on every call,
    /// errors mapped one way, strings NFC, health and reflection.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddHostDefaults();
        // At start, not at the first call: a service with a missing or weak token must not run.
        Secrets.InternalToken(builder.Configuration);
        builder.Services.AddGrpc(options =>
        {
            // Outermost first: errors wrap everything, then a stopping host refuses new calls,
            // then the token, then what the message carries.
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<DrainingInterceptor>();
            options.Interceptors.Add<InternalTokenInterceptor>();
            options.Interceptors.Add<InputInterceptor>();
            options.EnableDetailedErrors = false;
            // Article bodies may be up to 1 MB of text; leave room for the rest of the message.
            options.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        builder.Services.AddGrpcHealthChecks().AddCheck<SelfHealthCheck>("self");
        builder.Services.AddGrpcReflection();
        // Resolved from the built configuration: sources added after Program runs (a test
        // host's settings) are not in builder.Configuration yet.
        builder.Services.AddSingleton(sp => PageTokens.FromSecret(Secrets.InternalToken(sp.GetRequiredService<IConfiguration>())));
        return builder;
    }

    /// <summary>
    /// The service's own database: the connection factory, its migrations (and the shared
    /// ones of ServiceDefaults) applied at start, and sample data when `Seed:Sample` is on.
    /// </summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder, string serviceName, Assembly migrations)
    {
        // From the built configuration, not builder.Configuration: a WebApplicationFactory's
        // settings arrive only at Build(), and each test host must get its own database.
        builder.Services.AddSingleton(sp => DatabaseOptions.From(sp.GetRequiredService<IConfiguration>(), Path.Combine("data", $"{serviceName}.db")));
        builder.Services.AddSingleton<Db>();
        builder.Services.AddSingleton<IMigrationSource>(new EmbeddedMigrations("defaults", typeof(Extensions).Assembly));
        builder.Services.AddSingleton<IMigrationSource>(new EmbeddedMigrations(serviceName, migrations));
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DatabaseBackup>(sp, serviceName));
        builder.Services.AddHostedService<DatabaseStartup>();
        // A replay with the same Idempotency-Key answers the first response for a day (as
        // Stripe does); after that the key is forgotten and the rows do not grow for ever.
        builder.Services.AddRetention(builder.Configuration, "idempotency keys", "Idempotency:Retention", TimeSpan.FromHours(24), TimeSpan.FromHours(1),
            "DELETE FROM idempotency_keys WHERE create_time < @cutoff");
        builder.Services.AddSingleton<Retention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Retention>());
        return builder;
    }

    /// <summary>grpc.health.v1, reflection, and the internal operations (the backup the gateway's admin route asks for).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGrpcService<OperationsServiceImpl>();
        return app;
    }
}

/// <summary>
/// Applies migrations (and sample data) before the server takes calls. Checks the backup
/// settings too, so a bad `Backup:Keep` or `Backup:Timeout` stops the host at start, not at the first backup.
/// </summary>
internal sealed class DatabaseStartup(MigrationRunner runner, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        DatabaseBackup.Validate(configuration);
        return runner.RunAsync(configuration.GetValue("Seed:Sample", false), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
