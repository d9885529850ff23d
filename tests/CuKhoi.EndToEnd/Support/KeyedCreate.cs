using System.Net;
using System.Text.Json;

namespace CuKhoi.EndToEnd.Support;

/// <summary>A create sent with the admin key and an Idempotency-Key, the way the README tells a client to make a retry safe.</summary>
public static class KeyedCreate
{
    /// <summary>How long a client keeps sending a create again before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The answer: its status, its body, and the Retry-After the gateway named (an open breaker names one).</summary>
    public sealed record Answer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
    {
        /// <summary>503 or 504: the gateway gave up waiting, so whether the record was stored is unknown.</summary>
        public bool Unknown => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

        /// <summary>The created record's id (201 only).</summary>
        public string Id => Status == HttpStatusCode.Created
            ? JsonDocument.Parse(Body).RootElement.GetProperty("id").GetString()!
            : throw new Xunit.Sdk.XunitException($"no id in a {(int)Status} answer: {Body}");
    }

    /// <summary>POST <paramref name="json"/> to <paramref name="path"/> once.</summary>
    public static async Task<Answer> SendAsync(HttpClient http, string adminKey, string path, string key, string json)
    {
        using var request = Rest.Request(HttpMethod.Post, path, adminKey, json);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request).WaitAsync(Rest.Timeout);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>
    /// Sends it, and while the answer is <see cref="Answer.Unknown"/> sends it again with the same
    /// key and body, after the Retry-After or a short pause (the client's back-off, not a wait
    /// of the test's), for at most <see cref="Patience"/>. Each unknown answer goes to <paramref name="unknown"/>.
    /// </summary>
    public static async Task<Answer> UntilKnownAsync(HttpClient http, string adminKey, string path, string key, string json, Action<Answer>? unknown = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await SendAsync(http, adminKey, path, key, json);
            if (!answer.Unknown || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            unknown?.Invoke(answer);
            await Task.Delay(answer.RetryAfter ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
