using System.Net;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// The README's write examples use `curl -d '{...}'` without a Content-Type header, so the
/// body arrives as application/x-www-form-urlencoded. Copied as written, they must work.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReadmeCurlTests(SystemFixture fixture)
{
    [Fact]
    public async Task Curl_d_without_a_content_type_makes_a_key_and_writes_with_it()
    {
        // curl -i -X POST "$GW/api/v1/admin/keys" -H "Authorization: Bearer $KEY" -d '{"name":"cong-thong-tin-phuong","scopes":["articles:write"]}'
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/admin/keys", fixture.System.AdminKey, """{"name":"cong-thong-tin-phuong","scopes":["articles:write"]}""");
        var key = (await created.JsonAsync()).GetProperty("key").GetString()!;

        // The same key, the same habit: curl -X POST "$GW/api/v1/articles" -H "Authorization: Bearer $KEY" -d '{...}'
        using var article = await SendAsync(HttpMethod.Post, "/api/v1/articles", key, """{"title":"Gửi bằng curl -d","category":"tin-tuc"}""");
        var id = (await article.JsonAsync()).GetProperty("id").GetString();
        // curl -X POST "$GW/api/v1/articles/<id>:publish" -H "Authorization: Bearer $KEY" -d '{}'
        using var published = await SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:publish", key, "{}");
        // curl -X POST "$GW/api/v1/articles/<id>:view" -d '{}'
        using var viewed = await SendAsync(HttpMethod.Post, $"/api/v1/articles/{id}:view", null, "{}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, article.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewed.StatusCode);
        Assert.Equal(1, (await viewed.JsonAsync()).Int64("viewCount"));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string body)
    {
        using var request = Rest.Request(method, path, key);
        request.Content = Rest.CurlData(body);
        var response = await fixture.Http.SendAsync(request).WaitAsync(Rest.Timeout);
        if (!response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException($"{method} {path} as curl -d sends it: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}
