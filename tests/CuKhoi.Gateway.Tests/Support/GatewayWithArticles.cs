using System.Net;
using CuKhoi.Testing;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>
/// The gateway in front of a real articles service (its typed client's handler is the
/// articles test server), with API keys for the callers tests need. Shared by a test
/// class; every test creates its own articles.
/// </summary>
public sealed class GatewayWithArticles : IAsyncLifetime
{
    private readonly TestDatabase _articlesDb = TestDatabase.Sqlite();
    private readonly TestDatabase _gatewayDb = TestDatabase.Sqlite();

    public ArticlesFactory Articles { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Keys by what they hold: articles:write, reports:read, dvk:write.</summary>
    public ApiKeyInfo Editor { get; private set; } = null!;

    public ApiKeyInfo Reporter { get; private set; } = null!;

    public ApiKeyInfo DvkEditor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Articles = new ArticlesFactory(_articlesDb);
        _ = Articles.Server;
        Gateway = new GatewayFactory(_gatewayDb).Downstream(GatewayFactory.Articles, () => Articles.Server.CreateHandler());
        Client = Gateway.CreateClient();
        Editor = await CreateKeyAsync(Client, "editor", "articles:write");
        Reporter = await CreateKeyAsync(Client, "reporter", "reports:read");
        DvkEditor = await CreateKeyAsync(Client, "dvk", "dvk:write");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Articles.DisposeAsync();
        await _gatewayDb.DisposeAsync();
        await _articlesDb.DisposeAsync();
    }

    /// <summary>Creates a key through the admin route with the bootstrap admin key.</summary>
    public static async Task<ApiKeyInfo> CreateKeyAsync(HttpClient client, string name, params string[] scopes)
    {
        var scopeList = string.Join(",", scopes.Select(s => $"\"{s}\""));
        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/admin/keys", $$"""{"name":"{{name}}","scopes":[{{scopeList}}]}""", GatewayFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return new ApiKeyInfo(body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>A fresh DRAFT article (title unique per call) created by the editor; returns its id and etag.</summary>
    public async Task<(string Id, string Etag)> CreateArticleAsync(string? title = null, string? summary = null)
    {
        title ??= $"Hội nghị Dân vận {Guid.NewGuid():N}";
        var json = System.Text.Json.JsonSerializer.Serialize(new { title, summary = summary ?? "Tóm tắt", body = "<p>Nội dung</p>", category = "tin-tuc" });
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", json, Editor.Key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await response.JsonAsync();
        return (article.GetProperty("id").GetString()!, article.GetProperty("etag").GetString()!);
    }
}

public sealed record ApiKeyInfo(string Id, string Key);
