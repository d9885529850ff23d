using System.Net;
using System.Text.Json;
using CuKhoi.Protos.Reports.V1;
using Google.Protobuf;

namespace CuKhoi.Reports.Tests;

/// <summary>Reading reports and errors as a REST caller sees them.</summary>
public static class ReportAssert
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<AnnualReport> GetJsonReportAsync(this HttpClient client, int year)
    {
        using var response = await client.GetAsync($"/api/v1/reports/annual/{year}").WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonParser.Default.Parse<AnnualReport>(body);
    }

    public static Indicator Indicator(this AnnualReport report, string code) =>
        report.Indicators.SingleOrDefault(i => i.Code == code) ?? throw new Xunit.Sdk.XunitException($"no indicator {code} in {report}");

    /// <summary>A 400 in the contract's shape (google.rpc.Status JSON) naming the bad field.</summary>
    public static async Task AssertBadRequestAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(3, json.RootElement.GetProperty("code").GetInt32());
        var details = json.RootElement.GetProperty("details").EnumerateArray().ToList();
        var violations = details.Single(d => d.GetProperty("@type").GetString()!.EndsWith("google.rpc.BadRequest", StringComparison.Ordinal));
        Assert.Contains(violations.GetProperty("fieldViolations").EnumerateArray(), v => v.GetProperty("field").GetString() == field);
        Assert.Contains(details, d => d.GetProperty("@type").GetString()!.EndsWith("google.rpc.LocalizedMessage", StringComparison.Ordinal)
            && d.GetProperty("locale").GetString() == "vi-VN");
    }
}
