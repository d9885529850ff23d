using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CuKhoi.Testing;

/// <summary>
/// Logging at any level makes ASP.NET Core start an Activity for every request and
/// Grpc.Net.Client one for every call (for log scopes). Without an exporter nothing reads
/// them, so every host's appsettings.json turns those two categories off.
/// </summary>
public static class PerRequestActivities
{
    public static readonly string[] Categories = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Grpc.Net.Client.Internal.GrpcCall"];

    public static void AssertOff(IServiceProvider services)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        foreach (var category in Categories)
        {
            Assert.False(loggers.CreateLogger(category).IsEnabled(LogLevel.Critical), $"{category} logs, so an Activity is started for each request or call");
        }
    }
}
