using System.Net;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// The one-command run reuses its data folder: sample data is loaded once, on an empty
/// database, never again. This test owns its processes (the services are killed and started
/// again), so it shares nothing with the "system" collection.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private CuKhoiSystem _system = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _system = await CuKhoiSystem.StartAsync();
        _http = new HttpClient { BaseAddress = _system.RestBase, Timeout = Rest.Timeout };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    [Fact]
    public async Task Services_started_again_on_the_same_data_do_not_load_the_sample_data_twice()
    {
        var before = await CountsAsync();
        Assert.All(new[] { "articles", "dvk-models", "contests" }, list => Assert.True(before[list] > 0, $"no {list} before the restart"));
        Assert.Equal(11, before["CONTEST_ENTRIES_SUBMITTED"]);
        foreach (var db in new[] { "articles", "dvkmodels", "contests", "gateway" })
        {
            Assert.True(await _system.HoldsDataAsync(db), $"the {db} database is not where the system put it ({HostDatabases.Provider})");
        }

        await _system.StopServicesAsync();
        await _system.StartServicesAsync();
        var after = await CountsAsync();

        Assert.Equal(before, after);
    }

    /// <summary>What an admin sees: every record of each service (all statuses), and the 2020 report.</summary>
    private async Task<SortedDictionary<string, long>> CountsAsync()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var list in new[] { "articles", "dvk-models", "contests" })
        {
            using var response = await _http.SendAsync(HttpMethod.Get, $"/api/v1/{list}?pageSize=1", _system.AdminKey);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{list}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            counts[list] = (await response.JsonAsync()).Int64("totalSize");
        }

        using var report = await _http.SendAsync(HttpMethod.Get, "/api/v1/reports/annual/2020");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        foreach (var indicator in (await report.JsonAsync()).GetProperty("indicators").EnumerateArray())
        {
            counts[indicator.GetProperty("code").GetString()!] = indicator.Int64("value");
        }

        return counts;
    }
}
