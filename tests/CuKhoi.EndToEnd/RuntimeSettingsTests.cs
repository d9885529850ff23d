using System.Text.Json;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// The runtime settings every host is launched with, read from the runtimeconfig beside the
/// host's own build output (the file the process itself reads at start).
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("CuKhoi.Gateway")]
    [InlineData("CuKhoi.Articles")]
    [InlineData("CuKhoi.DvkModels")]
    [InlineData("CuKhoi.Contests")]
    public void A_host_runs_without_dynamic_PGO(string host)
    {
        // bench/RESULTS.md "Eleventh pass": a fresh host's first export spent half its CPU on PGO's extra tiers.
        var config = Path.ChangeExtension(BuildOutput.HostDll(host), ".runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));

        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo), $"{config} does not set System.Runtime.TieredPGO");
        Assert.False(pgo.GetBoolean(), $"{config} turns dynamic PGO on");
    }
}
