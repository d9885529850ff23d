using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>Small helpers for REST calls and for asserting the contract's error shape.</summary>
public static class Rest
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static HttpRequestMessage Request(HttpMethod method, string url, string? json = null, string? key = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, string? json = null, string? key = null, params (string Name, string Value)[] headers) =>
        client.SendAsync(Request(method, url, json, key, headers)).WaitAsync(Timeout);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// The contract's error body: {code, message, details:[ErrorInfo, (BadRequest), LocalizedMessage vi-VN]}
    /// with the given HTTP status and, when given, ErrorInfo reason. Returns the body.
    /// </summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? reason = null)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(body.GetProperty("code").GetInt32() > 0, text);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()), text);
        var info = Detail(body, "google.rpc.ErrorInfo");
        Assert.True(info is not null, $"No ErrorInfo in {text}");
        Assert.Equal("cukhoi.services", info.Value.GetProperty("domain").GetString());
        if (reason is not null)
        {
            Assert.Equal(reason, info.Value.GetProperty("reason").GetString());
        }

        var localized = Detail(body, "google.rpc.LocalizedMessage");
        Assert.True(localized is not null, $"No LocalizedMessage in {text}");
        Assert.Equal("vi-VN", localized.Value.GetProperty("locale").GetString());
        Assert.False(string.IsNullOrWhiteSpace(localized.Value.GetProperty("message").GetString()));
        Assert.DoesNotContain("at CuKhoi.", text, StringComparison.Ordinal); // no stack traces
        return body;
    }

    public static JsonElement? Detail(JsonElement error, string type)
    {
        foreach (var detail in error.GetProperty("details").EnumerateArray())
        {
            if (detail.GetProperty("@type").GetString() == $"type.googleapis.com/{type}")
            {
                return detail;
            }
        }

        return null;
    }

    /// <summary>The field violations of a BadRequest detail (empty when there is none).</summary>
    public static IReadOnlyList<(string Field, string Description)> Violations(JsonElement error) =>
        Detail(error, "google.rpc.BadRequest") is { } bad
            ? bad.GetProperty("fieldViolations").EnumerateArray().Select(v => (v.GetProperty("field").GetString()!, v.GetProperty("description").GetString()!)).ToList()
            : [];
}
