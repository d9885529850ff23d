using System.Net;
using CuKhoi.Gateway.Tests.Support;

namespace CuKhoi.Gateway.Tests;

/// <summary>API keys and scopes: 401 where a key is needed or a bad one is shown, 403 without the scope.</summary>
public sealed class AuthTests(GatewayWithArticles fixture) : IClassFixture<GatewayWithArticles>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_write_without_a_key_is_401()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"x","category":"tin-tuc"}""");

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal(16, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task An_unknown_key_is_401_even_where_anonymous_callers_are_welcome()
    {
        var list = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles", key: "ck_not-a-real-key");
        var anonymous = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles");

        await list.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"x","category":"tin-tuc"}""", fixture.DvkEditor.Key);

        var error = await response.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal("articles:write", Rest.Detail(error, "google.rpc.ErrorInfo")!.Value.GetProperty("metadata").GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task Exports_need_reports_read()
    {
        var anonymous = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export");
        var editor = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export", key: fixture.Editor.Key);
        var reporter = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export", key: fixture.Reporter.Key);

        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await editor.AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, reporter.StatusCode);
    }

    [Fact]
    public async Task A_key_is_created_used_listed_and_revoked()
    {
        var created = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/keys", """{"name":"Cổng thông tin phường","scopes":["articles:write","articles:write"]}""", GatewayFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetString()!;
        var key = body.GetProperty("key").GetString()!;
        Assert.StartsWith("ck_", key);
        Assert.True(key.Length >= 40);
        Assert.Equal($"/api/v1/admin/keys/{id}", created.Headers.Location?.ToString());
        Assert.Equal(["articles:write"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.EndsWith("Z", body.GetProperty("createTime").GetString());

        var used = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"Khóa mới","category":"tin-tuc"}""", key);
        Assert.Equal(HttpStatusCode.Created, used.StatusCode);

        var listed = await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/keys", key: GatewayFactory.AdminKey);
        var listText = await listed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains(id, listText);
        Assert.DoesNotContain(key, listText);
        Assert.DoesNotContain(key["ck_".Length..], listText);
        Assert.DoesNotContain("hash", listText, StringComparison.OrdinalIgnoreCase);

        var revoked = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/admin/keys/{id}", key: GatewayFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var refused = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles", key: key);
        await refused.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var after = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/keys", key: GatewayFactory.AdminKey)).JsonAsync();
        Assert.Contains(after.GetProperty("keys").EnumerateArray(), k => k.GetProperty("id").GetString() == id && k.GetProperty("revokeTime").GetString() is not null);

        // Key management is a write too: the bootstrap admin created and revoked it.
        var audit = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: GatewayFactory.AdminKey)).JsonAsync();
        var entries = audit.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "RevokeApiKey" && e.GetProperty("resource").GetString() == $"/api/v1/admin/keys/{id}" && e.GetProperty("status").GetInt32() == 204 && e.GetProperty("principalId").GetString() == "bootstrap-admin");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "CreateApiKey" && e.GetProperty("resource").GetString() == $"/api/v1/admin/keys/{id}" && e.GetProperty("status").GetInt32() == 201);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        var response = await Client.SendAsync(HttpMethod.Delete, "/api/v1/admin/keys/no-such-key", key: GatewayFactory.AdminKey);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_unknown_scope_or_a_missing_name_is_400_with_field_violations()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/keys", """{"name":"","scopes":["articles:write","root"]}""", GatewayFactory.AdminKey);
        var malformed = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/keys", """{"name": """, GatewayFactory.AdminKey);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        var fields = Rest.Violations(error).Select(v => v.Field).ToList();
        Assert.Contains("name", fields);
        Assert.Contains("scopes[1]", fields);
        await malformed.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task Admin_routes_need_the_admin_scope()
    {
        var anonymous = await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/keys");
        var editor = await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/keys", key: fixture.Editor.Key);
        var badKey = await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: "ck_wrong");

        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await editor.AssertErrorAsync(HttpStatusCode.Forbidden);
        await badKey.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Writes_are_audited_with_who_what_which_and_outcome()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var (id, _) = await fixture.CreateArticleAsync();
        var refused = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/articles/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var deleted = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/articles/{id}", key: fixture.Editor.Key);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Client.SendAsync(HttpMethod.Get, $"/api/v1/articles/{id}", key: fixture.Editor.Key); // a read: not audited

        var response = await Client.SendAsync(HttpMethod.Get, $"/api/v1/admin/audit?since={Uri.EscapeDataString(since)}", key: GatewayFactory.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = (await response.JsonAsync()).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("resource").GetString() == $"/api/v1/articles/{id}")
            .Select(e => (Who: e.GetProperty("principalId").GetString(), Name: e.GetProperty("principalName").GetString(), What: e.GetProperty("action").GetString(), Status: e.GetProperty("status").GetInt32(), Protocol: e.GetProperty("protocol").GetString()))
            .ToList();
        // Newest first.
        Assert.Equal(
            [
                (fixture.Editor.Id, "editor", "cukhoi.articles.v1.ArticleService/DeleteArticle", 204, "rest"),
                ("anonymous", "anonymous", "cukhoi.articles.v1.ArticleService/DeleteArticle", 401, "rest"),
                (fixture.Editor.Id, "editor", "cukhoi.articles.v1.ArticleService/CreateArticle", 201, "rest"),
            ],
            entries);
    }

    [Fact]
    public async Task The_audit_trail_pages_and_refuses_a_bad_since()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        await fixture.CreateArticleAsync();
        await fixture.CreateArticleAsync();

        var first = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/admin/audit?pageSize=1&since={Uri.EscapeDataString(since)}", key: GatewayFactory.AdminKey)).JsonAsync();
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/admin/audit?pageSize=1&since={Uri.EscapeDataString(since)}&pageToken={token}", key: GatewayFactory.AdminKey)).JsonAsync();
        var bad = await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit?since=yesterday", key: GatewayFactory.AdminKey);

        Assert.Single(first.GetProperty("entries").EnumerateArray());
        Assert.Single(second.GetProperty("entries").EnumerateArray());
        Assert.NotEqual(first.GetProperty("entries")[0].GetProperty("id").GetString(), second.GetProperty("entries")[0].GetProperty("id").GetString());
        var error = await bad.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(Rest.Violations(error), v => v.Field == "since");
    }
}
