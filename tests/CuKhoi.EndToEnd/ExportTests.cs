using System.Net;
using System.Text.Json;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>Bulk exports for reporting jobs: NDJSON through the gateway, resumable from any line.</summary>
[Collection(SystemCollection.Name)]
public sealed class ExportTests(SystemFixture fixture)
{
    [Theory]
    [InlineData("/api/v1/articles:export")]
    [InlineData("/api/v1/dvk-models:export")]
    [InlineData("/api/v1/contests/-/entries:export")]
    public async Task Every_line_is_json_with_a_resume_token_and_resuming_yields_exactly_the_rest(string route)
    {
        // curl -H "Authorization: Bearer $KEY" "$GW/api/v1/articles:export" > articles.ndjson
        var all = await ExportAsync(route);
        Assert.True(all.Count >= 3, $"{route}: the sample data should give several lines, got {all.Count}");
        var tokens = all.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("resumeToken").GetString()).ToList();
        Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t)));

        // A job that kept lines 0..k resumes from line k's token and gets exactly lines k+1.. .
        var k = all.Count / 2;
        var rest = await ExportAsync($"{route}?resumeToken={Uri.EscapeDataString(tokens[k]!)}");

        Assert.Equal(all.Skip(k + 1), rest);
    }

    [Fact]
    public async Task An_export_needs_a_key()
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles:export");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<List<string>> ExportAsync(string pathAndQuery)
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, pathAndQuery, fixture.System.AdminKey);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var line in lines)
        {
            using var parsed = JsonDocument.Parse(line); // throws on a line that is not one JSON object
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        }

        return lines;
    }
}
