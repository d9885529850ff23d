using System.Net;
using System.Text.Json;
using CuKhoi.EndToEnd.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CuKhoi.EndToEnd;

/// <summary>
/// What a crash (`kill -9`) leaves behind: no half-written record, no record twice, a
/// database that is intact, and an export a client can finish from where it was cut. The
/// tests kill hosts, so they run on their own system (<see cref="StoppableSystemFixture"/>).
/// </summary>
[Collection(StoppableCollection.Name)]
public sealed class CrashTests(StoppableSystemFixture fixture, ITestOutputHelper log) : IAsyncLifetime
{
    private const int Records = 200;
    private const string Articles = "/api/v1/articles";

    private CuKhoiSystem System => fixture.System;

    private HttpClient Http => fixture.Http;

    public Task InitializeAsync() => fixture.WholeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Articles_killed_during_200_keyed_creates_then_every_create_replayed_stores_each_record_exactly_once()
    {
        // One create first: the first one a fresh process serves pays for JIT and first
        // queries, which 200 at once would turn into 200 timeouts before anything is stored.
        var warm = await KeyedCreate.UntilKnownAsync(Http, System.AdminKey, Articles, "e2e-crash-warm-" + Guid.NewGuid().ToString("N")[..8], JsonSerializer.Serialize(new { title = "Bài khởi động", category = "tin-tuc" }));
        Assert.Equal(HttpStatusCode.Created, warm.Status);
        var tag = "e2e-crash-" + Guid.NewGuid().ToString("N")[..8];
        var creates = Enumerable.Range(0, Records)
            .Select(n => (Key: $"{tag}-{n}", Body: JsonSerializer.Serialize(new { title = $"Bài gửi lúc sập {tag} số {n}", category = "tin-tuc", body = "<p>Gửi cùng lúc.</p>", tags = new[] { tag } })))
            .ToList();

        // All 200 at once; the service is killed as soon as one is acknowledged: it is writing
        // them, and the rest are in flight (at it, or at the gateway on their way to it).
        var acknowledged = 0;
        var sending = creates.Select(async c =>
        {
            var answer = await KeyedCreate.SendAsync(Http, System.AdminKey, Articles, c.Key, c.Body);
            if (answer.Status == HttpStatusCode.Created)
            {
                Interlocked.Increment(ref acknowledged);
            }

            return (c.Key, answer);
        }).ToList();
        var all = Task.WhenAll(sending);
        await Poll.UntilAsync(() => Volatile.Read(ref acknowledged) >= 1 || all.IsCompleted, Rest.Timeout, "a create acknowledged");
        var answeredBeforeKill = sending.Count(t => t.IsCompleted);
        await System.KillAsync("articles");
        var first = (await all.WaitAsync(Rest.Timeout)).ToDictionary(a => a.Key, a => a.answer);
        var summary = $"{answeredBeforeKill} answered when the kill came; then: {string.Join(", ", first.Values.GroupBy(a => (int)a.Status).Select(g => $"{g.Key} × {g.Count()}"))}";
        log.WriteLine(summary);
        Assert.True(answeredBeforeKill < Records, $"every create was answered before the kill: nothing was in flight ({summary})");
        Assert.Contains(first.Values, a => a.Status == HttpStatusCode.Created);

        if (!HostDatabases.IsPostgres)
        {
            Assert.Equal("ok", await IntegrityCheckAsync(System.SqliteFile("articles")));
        }

        // Started again; the client sends every create again with its key, as the README says
        // (eight at a time: a client's retry queue, not a second flood).
        await System.RestartAsync("articles");
        using var gate = new SemaphoreSlim(8);
        var replayed = await Task.WhenAll(creates.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                return (c.Key, Answer: await KeyedCreate.UntilKnownAsync(Http, System.AdminKey, Articles, c.Key, c.Body));
            }
            finally
            {
                gate.Release();
            }
        })).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(replayed.All(r => r.Answer.Status == HttpStatusCode.Created), $"a replay was not answered 201:{string.Concat(replayed.Where(r => r.Answer.Status != HttpStatusCode.Created).Select(r => $"{Environment.NewLine}{r.Key}: {(int)r.Answer.Status} {r.Answer.Body}"))}");
        foreach (var (key, answer) in replayed.Where(r => first[r.Key].Status == HttpStatusCode.Created))
        {
            Assert.True(first[key].Id == answer.Id, $"{key} was acknowledged as {first[key].Id} before the crash but replayed as {answer.Id}");
        }

        var stored = await MixedLoad.ArticlesTaggedAsync(Http, System.AdminKey, tag);
        Assert.Equal(replayed.Select(r => r.Answer.Id).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_gateway_killed_mid_export_is_resumed_through_a_restarted_gateway_with_no_gap_and_no_duplicate()
    {
        await fixture.LargeArticlesAsync();
        var whole = await Export.AllAsync(Http, System.AdminKey);

        // A reporting job reads a few lines; the gateway dies under it.
        var received = new List<string>();
        Exception? cutWith = null;
        using var slow = Export.SmallWindowClient(System.RestBase);
        using (var export = await Export.OpenAsync(slow, System.AdminKey))
        using (var reader = new StreamReader(await export.Content.ReadAsStreamAsync()))
        {
            try
            {
                while (await reader.ReadLineAsync().WaitAsync(Rest.Timeout) is { } line)
                {
                    received.Add(line);
                    if (received.Count == 3)
                    {
                        await System.KillAsync("gateway");
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                cutWith = e;
            }
        }

        log.WriteLine($"{whole.Count} lines in the export ({whole.Sum(l => (long)l.Length) / 1_000_000} MB of text); {received.Count} read before the cut ({cutWith?.GetType().Name}: {cutWith?.Message})");
        Assert.True(cutWith is not null, $"the export ended cleanly after {received.Count} of {whole.Count} lines although the gateway was killed: nothing was cut");

        // A line cut in the middle is no line: the job keeps only lines that are whole JSON.
        var kept = received.TakeWhile(IsJson).ToList();
        await System.RestartAsync("gateway");
        var rest = await Export.AllAsync(Http, System.AdminKey, Export.ResumeToken(kept[^1]));

        var resumed = kept.Concat(rest).ToList();
        Assert.Equal(whole.Select(Export.ResumeToken), resumed.Select(Export.ResumeToken));
        Assert.True(whole.SequenceEqual(resumed), "the lines read before the cut and after the resume differ from the whole export");
    }

    /// <summary>`PRAGMA integrity_check` on the file as the crash left it (opened read-write so SQLite can replay its WAL).</summary>
    private static async Task<string> IntegrityCheckAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
