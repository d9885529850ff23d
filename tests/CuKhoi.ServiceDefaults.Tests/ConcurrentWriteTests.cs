using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Dapper;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// Writes that race: a write without a precondition that lost to a concurrent writer runs
/// again on the new state; one with an etag is answered 409; none commits so close to its
/// caller's deadline that the caller would be told it failed.
/// </summary>
public class ConcurrentWriteTests
{
    private const string Method = "/cukhoi.articles.v1.ArticleService/PublishArticle";

    [Fact]
    public async Task A_write_without_an_etag_that_lost_a_race_runs_again()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = test.NewDb();
        var attempts = 0;

        var answer = await db.WriteAsync(Context(), null, new ChangeArticleStatusRequest { Id = "a1" }, Article.Parser, (_, _) =>
            ++attempts == 1 ? throw Etags.ConcurrentChange("Article", "Bài viết", "a1") : Task.FromResult(new Article { Id = "a1" }));

        Assert.Equal("a1", answer.Id);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_write_with_an_etag_that_lost_a_race_is_409_at_once()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = test.NewDb();
        var attempts = 0;

        var e = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => db.WriteAsync(Context(), null, new ChangeArticleStatusRequest { Id = "a1", Etag = "v3" }, Article.Parser, (_, _) =>
        {
            attempts++;
            throw Etags.ConcurrentChange("Article", "Bài viết", "a1");
        }));

        Assert.Equal(Problems.Reasons.EtagMismatch, e.Reason());
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_write_that_keeps_losing_gives_up_with_409_after_its_attempts()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = test.NewDb();
        var attempts = 0;

        await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => db.WriteAsync(Context(), null, new ChangeArticleStatusRequest { Id = "a1" }, Article.Parser, (_, _) =>
        {
            attempts++;
            throw Etags.ConcurrentChange("Article", "Bài viết", "a1");
        }));

        Assert.Equal(Idempotency.Attempts, attempts);
    }

    [SkippableFact]
    public async Task Two_unconditional_updates_of_one_row_on_PostgreSQL_both_apply()
    {
        await using var test = await TestDb.CreateAsync("postgres");
        var db = test.NewDb();
        await db.ExecuteAsync("CREATE TABLE counters (id TEXT PRIMARY KEY, value INT NOT NULL, version INT NOT NULL)", null, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO counters VALUES ('c', 0, 1)", null, CancellationToken.None);

        // Both first attempts read version 1 before either writes (READ COMMITTED): one of
        // them must lose and run again on version 2.
        var bothRead = new Barrier(2);
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => IncrementAsync(db, bothRead)))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([2, 3], results.Order());
        Assert.Equal(2, await db.QuerySingleOrDefaultAsync<int>("SELECT value FROM counters WHERE id = 'c'", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_write_too_close_to_its_deadline_is_not_committed()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = test.NewDb();
        await db.ExecuteAsync("CREATE TABLE notes (text TEXT NOT NULL)", null, CancellationToken.None);
        var context = Context(deadline: DateTime.UtcNow + Db.CommitMargin / 2);

        await RpcAssert.ThrowsAsync(StatusCode.DeadlineExceeded, () => db.WriteAsync(context, null, new ChangeArticleStatusRequest { Id = "a1" }, Article.Parser, async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO notes VALUES ('late')", null, transaction);
            return new Article();
        }));

        Assert.Equal(0L, await db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM notes", null, CancellationToken.None));
    }

    private static async Task<int> IncrementAsync(Db db, Barrier bothRead)
    {
        var first = true;
        var answer = await db.WriteAsync(Context(), null, new ChangeArticleStatusRequest { Id = "c" }, Article.Parser, async (connection, transaction) =>
        {
            var version = await connection.ExecuteScalarAsync<int>("SELECT version FROM counters WHERE id = 'c'", null, transaction);
            if (first)
            {
                first = false;
                bothRead.SignalAndWait(TimeSpan.FromSeconds(20));
            }

            var changed = await connection.ExecuteAsync("UPDATE counters SET value = value + 1, version = version + 1 WHERE id = 'c' AND version = @version", new { version }, transaction);
            return changed == 1 ? new Article { ViewCount = version + 1 } : throw Etags.ConcurrentChange("Counter", "Bộ đếm", "c");
        });
        return (int)answer.ViewCount;
    }

    private static FakeServerCallContext Context(DateTime? deadline = null) =>
        new(Method, new Metadata { { CallMetadata.Principal, "test-key" }, { CallMetadata.Scopes, "admin" } }, deadline: deadline);
}
