using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CuKhoi.EndToEnd.Support;

/// <summary>REST calls spelled the way the README's curl lines are: method, path, optional key, optional JSON body.</summary>
public static class Rest
{
    /// <summary>The bound on every call and read in this project.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A body as `curl -d` sends it: no JSON content type but curl's default,
    /// application/x-www-form-urlencoded (most README examples rely on this).
    /// </summary>
    public static HttpContent CurlData(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? key = null, string? json = null)
    {
        using var request = Request(method, path, key, json);
        return await client.SendAsync(request).WaitAsync(Timeout);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: the body is not JSON ({e.Message}): {text}");
        }
    }

    /// <summary>A proto3 JSON int64: a string by default ("140"), a number when configured so; both are accepted.</summary>
    public static long Int64(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : element.GetInt64();

    /// <summary>A missing property in proto3 JSON is the default value.</summary>
    public static long Int64(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.Int64() : 0;
}
