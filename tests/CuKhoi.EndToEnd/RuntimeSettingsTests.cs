using System.Text.Json;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// The JIT settings each host is built with (bench/RESULTS.md, "Third pass"): the services
/// without the instrumented tier of dynamic PGO, the gateway with it. They live in the
/// runtimeconfig.json beside each host, which `dotnet &lt;host&gt;.dll` reads at start.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("CuKhoi.Articles", false)]
    [InlineData("CuKhoi.DvkModels", false)]
    [InlineData("CuKhoi.Contests", false)]
    [InlineData("CuKhoi.Gateway", true)]
    public void A_host_runs_with_dynamic_pgo_only_where_it_pays(string host, bool pgo)
    {
        var path = Path.ChangeExtension(BuildOutput.HostDll(host), ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // Absent means the runtime's default, which is on.
        var tieredPgo = !properties.TryGetProperty("System.Runtime.TieredPGO", out var value) || value.GetBoolean();

        Assert.Equal(pgo, tieredPgo);
    }
}
