using System.Net;
using System.Text.Json;
using CuKhoi.Gateway.Tests.Support;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// HTTP semantics on top of transcoding, against the real articles service: 201 + Location,
/// ETag, 304, If-Match → 409, 204, Idempotency-Key replay and 422, PATCH masks.
/// </summary>
public sealed class RestSemanticsTests(GatewayWithArticles fixture) : IClassFixture<GatewayWithArticles>
{
    private HttpClient Client => fixture.Client;

    private string Editor => fixture.Editor.Key;

    [Fact]
    public async Task Create_answers_201_with_location_and_etag()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"Tổng kết công tác Dân vận","body":"<p>Nội dung</p>","category":"tin-tuc"}""", Editor);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await response.JsonAsync();
        var id = article.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/articles/{id}", response.Headers.Location?.ToString());
        Assert.Equal($"\"{article.GetProperty("etag").GetString()}\"", response.Headers.ETag?.ToString());
        Assert.Equal("DRAFT", article.GetProperty("status").GetString());

        var fetched = await Client.SendAsync(HttpMethod.Get, response.Headers.Location!.ToString(), key: Editor);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
    }

    [Fact]
    public async Task Get_with_current_etag_in_If_None_Match_is_304_without_body()
    {
        var (id, etag) = await fixture.CreateArticleAsync();

        var notModified = await Client.SendAsync(HttpMethod.Get, $"/api/v1/articles/{id}", key: Editor, headers: ("If-None-Match", $"\"{etag}\""));
        var stale = await Client.SendAsync(HttpMethod.Get, $"/api/v1/articles/{id}", key: Editor, headers: ("If-None-Match", "\"v999\""));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{etag}\"", notModified.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(id, (await stale.JsonAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Patch_with_stale_If_Match_is_409_and_with_current_one_succeeds()
    {
        var (id, etag) = await fixture.CreateArticleAsync();

        var conflict = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/articles/{id}", """{"summary":"Mới"}""", Editor, ("If-Match", "\"v0\""));
        var updated = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/articles/{id}", """{"summary":"Mới"}""", Editor, ("If-Match", $"\"{etag}\""));

        await conflict.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual($"\"{etag}\"", updated.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Patch_derives_the_update_mask_from_the_keys_present()
    {
        var created = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"Tiêu đề giữ nguyên","author":"Sẽ bị xóa","category":"tin-tuc"}""", Editor);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        // An empty author is "not set" to proto3: only the derived mask says "clear it".
        var response = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/articles/{id}", """{"author":""}""", Editor);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var article = await response.JsonAsync();
        Assert.Equal(string.Empty, article.GetProperty("author").GetString());
        Assert.Equal("Tiêu đề giữ nguyên", article.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_explicit_update_mask_wins_over_the_body_keys()
    {
        var (id, _) = await fixture.CreateArticleAsync(summary: "Giữ nguyên");

        var response = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/articles/{id}?updateMask=author", """{"summary":"","author":"Ban Dân vận"}""", Editor);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var article = await response.JsonAsync();
        Assert.Equal("Giữ nguyên", article.GetProperty("summary").GetString());
        Assert.Equal("Ban Dân vận", article.GetProperty("author").GetString());
    }

    [Fact]
    public async Task Delete_is_204_without_body_and_the_article_is_gone()
    {
        var (id, etag) = await fixture.CreateArticleAsync();

        var stale = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/articles/{id}", key: Editor, headers: ("If-Match", "W/\"v42\""));
        var deleted = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/articles/{id}", key: Editor, headers: ("If-Match", $"\"{etag}\""));
        var gone = await Client.SendAsync(HttpMethod.Get, $"/api/v1/articles/{id}", key: Editor);

        await stale.AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await gone.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_response_and_refuses_another_body_with_422()
    {
        var key = $"create-{Guid.NewGuid():N}";
        const string body = """{"title":"Bài viết một lần","body":"<p>x</p>","category":"tin-tuc"}""";

        var first = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", body, Editor, ("Idempotency-Key", key));
        var replay = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", body, Editor, ("Idempotency-Key", key));
        var reused = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"Một bài khác","category":"tin-tuc"}""", Editor, ("Idempotency-Key", key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetString(), (await replay.JsonAsync()).GetProperty("id").GetString());
        var error = await reused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Idempotency_key_over_64_characters_is_a_field_violation()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"x","category":"tin-tuc"}""", Editor, ("Idempotency-Key", new string('k', 65)));

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains(Rest.Violations(error), v => v.Field == "requestId");
    }

    [Fact]
    public async Task State_changes_need_no_body_and_illegal_ones_are_400_failed_precondition()
    {
        var (id, _) = await fixture.CreateArticleAsync();

        var published = await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:publish", key: Editor);
        var again = await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:archive", key: Editor);

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("PUBLISHED", (await published.JsonAsync()).GetProperty("status").GetString());
        var error = await again.AssertErrorAsync(HttpStatusCode.BadRequest, "ILLEGAL_TRANSITION");
        Assert.Equal(9, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Anonymous_readers_see_published_articles_only_and_count_views()
    {
        var (draft, _) = await fixture.CreateArticleAsync();
        var (published, _) = await fixture.CreateArticleAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{published}:publish", key: Editor)).StatusCode);

        var hidden = await Client.SendAsync(HttpMethod.Get, $"/api/v1/articles/{draft}");
        var visible = await Client.SendAsync(HttpMethod.Get, $"/api/v1/articles/{published}");
        var view = await Client.SendAsync(HttpMethod.Post, $"/api/v1/articles/{published}:view");

        await hidden.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        var count = (await view.JsonAsync()).GetProperty("viewCount");
        Assert.Equal(1, count.ValueKind == JsonValueKind.String ? long.Parse(count.GetString()!) : count.GetInt64());
    }

    [Fact]
    public async Task Service_validation_errors_pass_through_with_field_violations()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"","category":"khong-co"}""", Editor);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains(Rest.Violations(error), v => v.Field == "article.title");
    }
}
