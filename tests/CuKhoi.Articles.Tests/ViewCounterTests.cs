using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// Coalesced view counts: answered at once from the stored count plus what is pending,
/// written by the timer every interval, written on a graceful stop, kept when a write fails.
/// </summary>
public class ViewCounterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Views_are_answered_at_once_and_written_when_the_interval_ticks()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ArticleHost.StartAsync("sqlite", Settings(Interval), clock);
        var article = await host.Editor.CreatePublishedAsync(Data.NewTag());

        var answers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = article.Slug })).ViewCount);
        }

        Assert.Equal([1L, 2, 3, 4, 5], answers);
        Assert.Equal(0, (await host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = article.Id })).ViewCount); // still pending
        clock.Advance(Interval);
        Assert.Equal(5, await StoredViewsAsync(host, article.Id, expected: 5));
        var next = await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = article.Id });
        Assert.Equal(6, next.ViewCount); // the stored 5 and the pending 1
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_graceful_stop_writes_the_pending_views(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string id;
        await using (var first = ArticleHost.Start(database))
        {
            var article = await first.Editor.CreatePublishedAsync(Data.NewTag());
            id = article.Id;
            await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => first.Anonymous.RecordViewAsync(new RecordViewRequest { Id = article.Id }).ResponseAsync));
        }

        await using var second = ArticleHost.Start(database);
        Assert.Equal(7, (await second.Anonymous.GetArticleAsync(new GetArticleRequest { Id = id })).ViewCount);
    }

    [Fact]
    public async Task A_write_that_fails_keeps_its_views_for_the_next_flush()
    {
        await using var host = await ArticleHost.StartAsync("sqlite");
        var article = await host.Editor.CreatePublishedAsync(Data.NewTag());
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = article.Id }).ResponseAsync));

        await ExecuteAsync(host, "CREATE TRIGGER refuse_views BEFORE UPDATE OF view_count ON articles BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        await Assert.ThrowsAsync<SqliteException>(host.FlushViewsAsync);
        await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = article.Id });
        await ExecuteAsync(host, "DROP TRIGGER refuse_views");
        await host.FlushViewsAsync();

        Assert.Equal(4, (await host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = article.Id })).ViewCount);
    }

    private static Dictionary<string, string?> Settings(TimeSpan interval) =>
        new() { ["Articles:ViewFlushInterval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The stored count once it reaches <paramref name="expected"/>: the timer's flush runs on its own task.</summary>
    private static async Task<long> StoredViewsAsync(ArticleHost host, string id, long expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long stored;
        while ((stored = (await host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = id })).ViewCount) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        return stored;
    }

    private static async Task ExecuteAsync(ArticleHost host, string sql)
    {
        await using var connection = new SqliteConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
