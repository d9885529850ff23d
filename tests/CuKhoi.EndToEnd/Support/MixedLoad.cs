using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// Steady traffic through the gateway's REST door, the mix the portal and the district
/// systems make: reads of an article and of contest entries (one and a list each), and keyed
/// creates (an article tagged <see cref="Tag"/>, an entry in its own contest, each with an
/// Idempotency-Key of its own). Every call is recorded with when it started and ended on one
/// clock, so a test can tell which calls were in flight at a given moment.
/// </summary>
public sealed class MixedLoad
{
    /// <summary>The RPCs the mix reaches, by service: what an instance has served once it is warm.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Methods = new Dictionary<string, string[]>
    {
        ["CuKhoi.Articles"] = ["GetArticle", "ListArticles", "CreateArticle"],
        ["CuKhoi.Contests"] = ["GetEntry", "ListEntries", "SubmitEntry"],
    };

    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HttpClient _http;
    private readonly string _adminKey;
    private readonly string _articleId;
    private readonly string _contestId;
    private readonly string _entryId;
    private int _step;
    private int _sequence;

    private MixedLoad(HttpClient http, string adminKey, string articleId, string contestId, string entryId)
    {
        (_http, _adminKey, _articleId, _contestId, _entryId) = (http, adminKey, articleId, contestId, entryId);
    }

    /// <summary>What was asked and what came back; Key and Body only for creates, Id once created, Error when the gateway did not answer.</summary>
    public sealed record Call(string Label, string Path, TimeSpan Start, TimeSpan End, int Status, string? Key = null, string? Body = null, string? Id = null, string? Error = null)
    {
        public bool IsWrite => Body is not null;

        public bool IsRead => Body is null;

        public bool Succeeded => Status is 200 or 201;

        /// <summary>The service behind the call: articles, or contests (entries).</summary>
        public string Service => Label.Contains("article", StringComparison.Ordinal) ? "CuKhoi.Articles" : "CuKhoi.Contests";

        public override string ToString() => $"{Label} {Path} [{Start.TotalSeconds:0.000}–{End.TotalSeconds:0.000} s] → {Status}{(Error is null ? "" : " " + Error)}";
    }

    /// <summary>
    /// The load running. <see cref="Task"/> ends early only when a caller broke (a condition
    /// waiting on the load stops at once then); disposing stops the callers and waits, bounded,
    /// for the calls in progress.
    /// </summary>
    public sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        internal Run(Func<CancellationToken, Task> start) => Task = start(_stop.Token);

        public Task Task { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Task.WaitAsync(Rest.Timeout);
            }
            finally
            {
                _stop.Dispose();
            }
        }
    }

    /// <summary>The tag on every article this load creates (counted with ?tag=).</summary>
    public string Tag { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Now, on the clock every call's Start and End are on.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>Makes what the load reads and writes into: an article, and a contest open today with one entry.</summary>
    public static async Task<MixedLoad> CreateAsync(HttpClient http, string adminKey)
    {
        var today = DateTime.UtcNow.AddHours(7); // the contest window is in Asia/Ho_Chi_Minh days
        var contestId = await CreatedIdAsync(http, adminKey, "/api/v1/contests", new
        {
            name = $"Cuộc thi tải đều {Guid.NewGuid():N}",
            year = today.Year,
            level = "WARD",
            opensOn = Date(today.AddDays(-1)),
            closesOn = Date(today.AddDays(30)),
        });
        var entryId = await CreatedIdAsync(http, adminKey, $"/api/v1/contests/{contestId}/entries", Entry("Người giữ lửa ở tổ dân phố số 5"));
        var articleId = await CreatedIdAsync(http, adminKey, "/api/v1/articles", new { title = "Bài đọc trong lúc tải đều", category = "tin-tuc", body = "<p>Đọc đi đọc lại.</p>" });
        return new MixedLoad(http, adminKey, articleId, contestId, entryId);

        static object Date(DateTime d) => new { year = d.Year, month = d.Month, day = d.Day };
    }

    /// <summary>
    /// Starts <paramref name="workers"/> callers, each starting at most one call per
    /// <paramref name="period"/> (a steady rate that leaves the machine room, not a flood),
    /// until the returned run is disposed; a call in progress is finished, never abandoned.
    /// </summary>
    public Run Start(int workers, TimeSpan period) => new(stop => Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        using var pace = new PeriodicTimer(period);
        while (!stop.IsCancellationRequested)
        {
            _calls.Enqueue(await NextAsync(Interlocked.Increment(ref _step)));
            try
            {
                await pace.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }))));

    /// <summary>
    /// No acknowledged write lost, none stored twice: every 201 is there to read; every create
    /// that failed is sent again with its key and body, as a client does, and answered 201 with
    /// an id; and the records stored are exactly one per key (articles counted by tag, entries
    /// by contest).
    /// </summary>
    public async Task AssertEveryCreateStoredOnceAsync()
    {
        var writes = Calls.Where(c => c.IsWrite).ToList();
        foreach (var acknowledged in writes.Where(c => c.Status == 201))
        {
            var path = acknowledged.Service == "CuKhoi.Articles" ? $"/api/v1/articles/{acknowledged.Id}" : $"{acknowledged.Path}/{acknowledged.Id}";
            using var read = await _http.SendAsync(HttpMethod.Get, path, _adminKey);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"acknowledged {acknowledged} is lost: GET {path} → {(int)read.StatusCode}");
        }

        foreach (var failed in writes.Where(c => c.Status != 201))
        {
            var again = await KeyedCreate.UntilKnownAsync(_http, _adminKey, failed.Path, failed.Key!, failed.Body!);
            Assert.True(again.Status == HttpStatusCode.Created, $"{failed}, sent again: {(int)again.Status} {again.Body}");
        }

        var articles = await ArticlesTaggedAsync(_http, _adminKey, Tag);
        Assert.Equal(writes.Where(c => c.Service == "CuKhoi.Articles").Select(c => c.Key).Distinct().Count(), articles.Count);
        using var entries = await _http.SendAsync(HttpMethod.Get, $"/api/v1/contests/{_contestId}/entries?pageSize=1", _adminKey);
        var entryKeys = writes.Where(c => c.Service == "CuKhoi.Contests").Select(c => c.Key).Distinct().Count();
        Assert.Equal(entryKeys + 1, (await entries.JsonAsync()).Int64("totalSize")); // + the entry the load reads
    }

    /// <summary>The ids of every article with <paramref name="tag"/>, all pages, as an admin sees them (all statuses).</summary>
    public static async Task<List<string>> ArticlesTaggedAsync(HttpClient http, string adminKey, string tag)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            using var page = await http.SendAsync(HttpMethod.Get, $"/api/v1/articles?tag={tag}&pageSize=100&pageToken={Uri.EscapeDataString(token)}", adminKey);
            var body = await page.JsonAsync();
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"articles tagged {tag}: {(int)page.StatusCode} {body}");
            ids.AddRange(body.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            token = body.TryGetProperty("nextPageToken", out var next) ? next.GetString() ?? "" : "";
        }
        while (token.Length > 0);

        return ids;
    }

    private Task<Call> NextAsync(int step) => (step % 6) switch
    {
        0 => SendAsync("GET article", $"/api/v1/articles/{_articleId}"),
        1 => SendAsync("GET entry", $"/api/v1/contests/{_contestId}/entries/{_entryId}"),
        2 => SendAsync("GET articles", "/api/v1/articles?pageSize=5"),
        3 => SendAsync("GET entries", $"/api/v1/contests/{_contestId}/entries?pageSize=5"),
        4 => CreateAsync("POST article", "/api/v1/articles", n => new { title = $"Bài tải đều {Tag} số {n}", category = "tin-tuc", body = "<p>Ghi nhận trong lúc tải đều.</p>", tags = new[] { Tag } }),
        _ => CreateAsync("POST entry", $"/api/v1/contests/{_contestId}/entries", n => Entry($"Bài dự thi {Tag} số {n}")),
    };

    private Task<Call> CreateAsync(string label, string path, Func<int, object> body)
    {
        var n = Interlocked.Increment(ref _sequence);
        return SendAsync(label, path, JsonSerializer.Serialize(body(n)), $"{Tag}-{n}");
    }

    private async Task<Call> SendAsync(string label, string path, string? json = null, string? key = null)
    {
        var start = Now;
        try
        {
            if (json is not null)
            {
                var created = await KeyedCreate.SendAsync(_http, _adminKey, path, key!, json);
                return new Call(label, path, start, Now, (int)created.Status, key, json, created.Status == HttpStatusCode.Created ? created.Id : null);
            }

            using var response = await _http.SendAsync(HttpMethod.Get, path, _adminKey);
            return new Call(label, path, start, Now, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            // The gateway itself did not answer: status 0, never taken for an answer.
            return new Call(label, path, start, Now, 0, key, json, Error: $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static object Entry(string title) => new
    {
        title,
        genre = "Ghi chép",
        body = "Bà Lan giữ lửa phong trào ở tổ dân phố.",
        authors = new[] { new { fullName = "Nguyễn Thị Hoa", unit = "Hội Phụ nữ phường" } },
        subject = new { kind = "INDIVIDUAL", name = "Bà Trần Thị Lan" },
    };

    /// <summary>Setup, sent as a client would: the first create a fresh instance serves may outlast the gateway's patience.</summary>
    private static async Task<string> CreatedIdAsync(HttpClient http, string adminKey, string path, object body)
    {
        var created = await KeyedCreate.UntilKnownAsync(http, adminKey, path, "e2e-setup-" + Guid.NewGuid().ToString("N"), JsonSerializer.Serialize(body));
        Assert.True(created.Status == HttpStatusCode.Created, $"POST {path}: {(int)created.Status} {created.Body}");
        return created.Id;
    }
}
