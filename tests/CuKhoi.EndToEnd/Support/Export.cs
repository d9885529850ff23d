using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// The articles export as a reporting job reads it: NDJSON lines, each with its resumeToken,
/// and enough data that an export is still running while a test stops a host under it.
/// </summary>
public static class Export
{
    public const string Articles = "/api/v1/articles:export";

    /// <summary>
    /// Stores eight articles of about 900 KB each (the body limit is 1 MB; 1.4 MB a line as
    /// JSON): 11 MB to export, more than a sender's socket buffer (4 MiB) and a reader's
    /// <see cref="SmallWindowClient"/> window hold, so an export of them read slowly is still
    /// being sent when a host is stopped under it.
    /// </summary>
    public static async Task CreateLargeArticlesAsync(HttpClient http, string adminKey)
    {
        const int count = 8;
        var tag = "e2e-large-" + Guid.NewGuid().ToString("N")[..8];
        var paragraph = "<p>" + string.Concat(Enumerable.Repeat("Báo cáo tổng kết phong trào của tổ dân phố. ", 40)) + "</p>";
        var body = string.Concat(Enumerable.Repeat(paragraph, 900_000 / Encoding.UTF8.GetByteCount(paragraph)));

        // One after another: the first writes in a fresh process are slow (JIT, first
        // queries), and several of them timing out at once would open the gateway's breaker.
        for (var n = 0; n < count; n++)
        {
            var json = JsonSerializer.Serialize(new { title = $"Bài dài {tag} số {n}", category = "tin-tuc", body, tags = new[] { tag } });
            var created = await KeyedCreate.UntilKnownAsync(http, adminKey, "/api/v1/articles", $"{tag}-{n}", json);
            Assert.True(created.Status == HttpStatusCode.Created, $"large article {n}: {(int)created.Status} {created.Body}");
        }
    }

    /// <summary>
    /// A client whose socket takes in at most 64 KiB it has not read: what a slow reader holds
    /// up stays on the server's side. (Linux grows a receive buffer up to tcp_rmem's maximum,
    /// 32 MiB on the CI machine, so a default client would have a whole export in its kernel
    /// before it read the first line, and nothing would be in flight.)
    /// </summary>
    public static HttpClient SmallWindowClient(Uri baseAddress) => new(SmallWindowHandler())
    {
        BaseAddress = baseAddress,
        Timeout = Rest.Timeout,
    };

    /// <summary>The same for a GrpcChannel (HTTP/2 adds its own 64 KiB stream window, which a reader that stops reading does not open).</summary>
    public static SocketsHttpHandler SmallWindowHandler() => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 64 * 1024 };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The whole export in one read: every line.</summary>
    public static async Task<List<string>> AllAsync(HttpClient http, string adminKey, string? resumeToken = null)
    {
        using var response = await OpenAsync(http, adminKey, resumeToken);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Starts an export and returns once its headers are in; the body is read by the caller, as slowly as it likes.</summary>
    public static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string adminKey, string? resumeToken = null)
    {
        var path = resumeToken is null ? Articles : $"{Articles}?resumeToken={Uri.EscapeDataString(resumeToken)}";
        using var request = Rest.Request(HttpMethod.Get, path, adminKey);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Rest.Timeout);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Read only on failure: reading the body here would take the whole export in.
            throw new Xunit.Sdk.XunitException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    /// <summary>A line's resumeToken: where a job that kept this line resumes.</summary>
    public static string ResumeToken(string line) =>
        JsonDocument.Parse(line).RootElement.GetProperty("resumeToken").GetString()!;
}
