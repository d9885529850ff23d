using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Testing;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// What the README's "Differences" list promises about the REST surface, each asserted
/// through the gateway in front of the real articles service.
/// </summary>
public sealed class ReadmeClaimsTests(GatewayWithArticles fixture) : IClassFixture<GatewayWithArticles>
{
    private HttpClient Client => fixture.Client;

    /// <summary>A valid create body with a unique title, plus <paramref name="extra"/> members.</summary>
    private static string Body(string title, string extra = "") =>
        $$"""{"title":"{{title}} {{Guid.NewGuid():N}}","summary":"Tóm tắt","body":"<p>Nội dung</p>","category":"tin-tuc"{{extra}}}""";

    private async Task<string> PublishedArticleAsync()
    {
        var (id, _) = await fixture.CreateArticleAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:publish", key: fixture.Editor.Key)).StatusCode);
        return id;
    }

    [Fact]
    public async Task Int64_values_are_written_as_json_strings_and_read_as_strings_or_numbers()
    {
        var id = await PublishedArticleAsync();

        // Written: viewCount is an int64, so a string ("1"), as proto3 JSON asks.
        var view = await (await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:view")).JsonAsync();
        Assert.Equal(JsonValueKind.String, view.GetProperty("viewCount").ValueKind);
        Assert.Equal("1", view.GetProperty("viewCount").GetString());

        // Read: a body may carry an int64 either way (viewCount is output-only, so the
        // service ignores it, but the gateway must parse both forms, not refuse one).
        foreach (var viewCount in new[] { "\"7\"", "7" })
        {
            var created = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", Body("Số lượt xem", $",\"viewCount\":{viewCount}"), fixture.Editor.Key);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("0", (await created.JsonAsync()).GetProperty("viewCount").GetString());
        }
    }

    [Fact]
    public async Task Unknown_fields_in_a_body_are_ignored()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", Body("Trường lạ", ""","noSuchField":{"nested":[1,2]},"another":"x" """), fixture.Editor.Key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("Trường lạ ", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_sent_as_text_or_form_is_read_as_json(string contentType)
    {
        var request = Rest.Request(HttpMethod.Post, "/api/v1/articles", key: fixture.Editor.Key);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body("Gửi bằng curl -d")));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await Client.SendAsync(request).WaitAsync(Rest.Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("Gửi bằng curl -d ", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_body_of_another_content_type_is_400()
    {
        var request = Rest.Request(HttpMethod.Post, "/api/v1/articles", key: fixture.Editor.Key);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""<article title="x"/>"""));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");

        var response = await Client.SendAsync(request).WaitAsync(Rest.Timeout);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task View_counts_are_not_audited_while_the_write_beside_them_is()
    {
        var id = await PublishedArticleAsync();

        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:view")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:view", key: fixture.Editor.Key)).StatusCode);

        var audit = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit?pageSize=100", key: GatewayFactory.AdminKey)).JsonAsync();
        var entries = audit.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("resource").GetString()!.Contains(id, StringComparison.Ordinal))
            .Select(e => e.GetProperty("action").GetString()!)
            .ToList();
        Assert.Contains(entries, a => a.EndsWith("PublishArticle", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, a => a.EndsWith("RecordView", StringComparison.Ordinal));
    }
}

/// <summary>The export promise that needs a service failing half-way: the fake articles service.</summary>
public sealed class ExportFailureTests(GatewayWithFake fixture) : IClassFixture<GatewayWithFake>
{
    [Fact]
    public async Task An_error_after_the_first_line_arrives_as_a_final_status_line()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Get, $"/api/v1/articles:export?resumeToken={FakeArticles.FailAfterOneLine}", key: GatewayFactory.AdminKey);

        // The 200 was sent with the first line; the failure can only be the stream's last line.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("a1", JsonDocument.Parse(lines[0]).RootElement.GetProperty("article").GetProperty("id").GetString());
        var status = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(14, status.GetProperty("code").GetInt32()); // UNAVAILABLE, google.rpc.Status's numeric code
        Assert.False(string.IsNullOrEmpty(status.GetProperty("message").GetString()));
    }
}
