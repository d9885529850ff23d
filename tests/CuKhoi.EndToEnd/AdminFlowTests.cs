using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// The life of a client system's key, as the README walks it: the admin makes a key for
/// the portal, the portal writes and publishes an article with it, the admin revokes it.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AdminFlowTests(SystemFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_key_made_by_the_admin_writes_and_publishes_until_it_is_revoked()
    {
        var (keyId, key) = await CreateKeyAsync("articles:write");

        // Create: 201 + Location + ETag, starts as DRAFT.
        var title = $"Ra quân giải phóng mặt bằng đợt {Guid.NewGuid():N}";
        using var created = await Http.SendAsync(HttpMethod.Post, "/api/v1/articles", key,
            JsonSerializer.Serialize(new { title, category = "tin-tuc", body = "<p>Sáng nay, các chi bộ ra quân.</p>", tags = new[] { "GPMB" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location ?? throw new Xunit.Sdk.XunitException("201 without a Location header");
        var firstEtag = created.Headers.ETag ?? throw new Xunit.Sdk.XunitException("201 without an ETag header");
        var article = await created.JsonAsync();
        Assert.Equal("DRAFT", article.GetProperty("status").GetString());
        var path = Path(location);
        Assert.Equal($"/api/v1/articles/{article.GetProperty("id").GetString()}", path);

        // A draft is not there for anonymous readers.
        using (var hidden = await Http.SendAsync(HttpMethod.Get, path))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        // GET Location → 200 with the same ETag; If-None-Match with it → 304.
        using (var read = await Http.SendAsync(HttpMethod.Get, path, key))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(firstEtag, read.Headers.ETag);
        }

        using (var conditional = Rest.Request(HttpMethod.Get, path, key))
        {
            conditional.Headers.IfNoneMatch.Add(firstEtag);
            using var notModified = await Http.SendAsync(conditional).WaitAsync(Rest.Timeout);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        // PATCH with the current ETag succeeds; the same ETag again is now stale → 409 ABORTED.
        var newEtag = await PatchAsync(path, key, firstEtag, HttpStatusCode.OK);
        Assert.NotEqual(firstEtag, newEtag);
        await PatchAsync(path, key, firstEtag, HttpStatusCode.Conflict);

        // :publish → anonymous readers see it.
        using (var published = await Http.SendAsync(HttpMethod.Post, path + ":publish", key, "{}"))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            Assert.Equal("PUBLISHED", (await published.JsonAsync()).GetProperty("status").GetString());
        }

        using (var anonymous = await Http.SendAsync(HttpMethod.Get, path))
        {
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
            Assert.Equal(title, (await anonymous.JsonAsync()).GetProperty("title").GetString());
        }

        // Revoke: 204, and 401 from the very next call.
        using (var revoked = await Http.SendAsync(HttpMethod.Delete, $"/api/v1/admin/keys/{keyId}", fixture.System.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var refused = await Http.SendAsync(HttpMethod.Post, path + ":unpublish", key, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(16, (await refused.JsonAsync()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_key_is_shown_once_and_never_listed()
    {
        var (keyId, key) = await CreateKeyAsync("reports:read");

        using var list = await Http.SendAsync(HttpMethod.Get, "/api/v1/admin/keys", fixture.System.AdminKey);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains(keyId, text);
        Assert.DoesNotContain(key, text);
    }

    /// <summary>curl -i -X POST "$GW/api/v1/admin/keys" -H "Authorization: Bearer $KEY" -d '{"name":...,"scopes":[...]}'</summary>
    private async Task<(string Id, string Key)> CreateKeyAsync(string scope)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, "/api/v1/admin/keys", fixture.System.AdminKey,
            JsonSerializer.Serialize(new { name = $"e2e-{scope}-{Guid.NewGuid():N}", scopes = new[] { scope } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal([scope], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>PATCH {"summary": ...} with If-Match; returns the new ETag on success.</summary>
    private async Task<EntityTagHeaderValue?> PatchAsync(string path, string key, EntityTagHeaderValue ifMatch, HttpStatusCode expected)
    {
        using var request = Rest.Request(HttpMethod.Patch, path, key, """{"summary":"Tóm tắt mới"}""");
        request.Headers.IfMatch.Add(ifMatch);
        using var response = await Http.SendAsync(request).WaitAsync(Rest.Timeout);
        var body = await response.JsonAsync();
        Assert.True(expected == response.StatusCode, $"PATCH If-Match {ifMatch}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        if (expected == HttpStatusCode.Conflict)
        {
            Assert.Equal(10, body.GetProperty("code").GetInt32()); // ABORTED
        }

        return response.Headers.ETag;
    }

    private string Path(Uri location) => location.IsAbsoluteUri ? location.AbsolutePath : new Uri(fixture.System.RestBase, location).AbsolutePath;
}
