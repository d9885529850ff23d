using System.Net;
using System.Text.Json;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>Errors as a caller outside meets them: google.rpc.Status JSON with ErrorInfo and a vi-VN message, nothing internal.</summary>
[Collection(SystemCollection.Name)]
public sealed class ErrorShapeTests(SystemFixture fixture)
{
    [Fact]
    public async Task Malformed_json_is_400_with_error_info_and_a_vietnamese_message()
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Post, "/api/v1/articles", fixture.System.AdminKey, """{"title": "Thiếu ngoặc" """);

        var status = await AssertStatusAsync(response, HttpStatusCode.BadRequest, 3);
        Assert.False(string.IsNullOrEmpty(status.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_write_without_a_key_is_401()
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Post, "/api/v1/articles", json: """{"title":"Không có khóa"}""");

        await AssertStatusAsync(response, HttpStatusCode.Unauthorized, 16);
    }

    [Fact]
    public async Task A_made_up_key_is_401()
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles", key: "ck_made-up");

        await AssertStatusAsync(response, HttpStatusCode.Unauthorized, 16);
    }

    [Fact]
    public async Task An_unknown_article_is_404()
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles/khong-co-bai-nay");

        await AssertStatusAsync(response, HttpStatusCode.NotFound, 5);
    }

    /// <summary>
    /// { "code": n, "message": "...", "details": [ ErrorInfo{reason, domain}, ..., LocalizedMessage{locale: "vi-VN"} ] },
    /// the HTTP status mapped from the code, and no trace of the inside (stack, SQL, hosts).
    /// </summary>
    private async Task<JsonElement> AssertStatusAsync(HttpResponseMessage response, HttpStatusCode http, int code)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout);
        Assert.True(http == response.StatusCode, $"expected {(int)http}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, status.GetProperty("code").GetInt32());

        var details = status.GetProperty("details").EnumerateArray().ToList();
        var errorInfo = Assert.Single(details, d => Type(d) == "google.rpc.ErrorInfo");
        Assert.False(string.IsNullOrEmpty(errorInfo.GetProperty("reason").GetString()), text);
        Assert.False(string.IsNullOrEmpty(errorInfo.GetProperty("domain").GetString()), text);
        var localized = Assert.Single(details, d => Type(d) == "google.rpc.LocalizedMessage");
        Assert.Equal("vi-VN", localized.GetProperty("locale").GetString());
        Assert.False(string.IsNullOrEmpty(localized.GetProperty("message").GetString()), text);

        foreach (var leak in new[] { "Exception", "   at ", "SELECT ", "sqlite", "npgsql", "postgres", "127.0.0.1", $":{fixture.System.Ports["CuKhoi.Articles"]}" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }

        return status;
    }

    private static string? Type(JsonElement detail) =>
        detail.TryGetProperty("@type", out var type) ? type.GetString()?.Split('/').Last() : null;
}
