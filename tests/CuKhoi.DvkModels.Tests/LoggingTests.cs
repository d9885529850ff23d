using CuKhoi.Testing;

namespace CuKhoi.DvkModels.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task No_activity_is_started_per_request_without_an_exporter()
    {
        await using var host = await DvkHost.StartAsync("sqlite");

        PerRequestActivities.AssertOff(host.Services);
    }
}
