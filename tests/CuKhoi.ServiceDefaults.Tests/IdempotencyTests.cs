using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// Writes with a request_id (REST Idempotency-Key): a replay returns the stored response,
/// the same key with another request is refused, and a failed write stores nothing.
/// </summary>
public class IdempotencyTests
{
    private const string Method = "/cukhoi.tests.v1.NoteService/CreateNote";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_replay_returns_the_first_response_and_writes_once(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        var first = await CreateNoteAsync(db, "key-1", "Hội nghị tổng kết");
        var replay = await CreateNoteAsync(db, "key-1", "Hội nghị tổng kết");

        Assert.Equal(first, replay);
        Assert.Equal(1, await CountAsync(db, "Hội nghị tổng kết"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_same_key_with_another_request_is_refused(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();
        await CreateNoteAsync(db, "key-1", "first");

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => CreateNoteAsync(db, "key-1", "second"));

        Assert.Equal(Problems.Reasons.IdempotencyKeyReused, e.Reason());
        Assert.Equal("requestId", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.NotNull(e.VietnameseMessage());
        Assert.Equal(0, await CountAsync(db, "second"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failed_write_stores_nothing_and_may_be_retried(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => CreateNoteAsync(db, "key-1", "note", fail: true));

        Assert.Equal(0, await CountAsync(db, "note"));
        Assert.Equal(0, await db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM idempotency_keys", null, CancellationToken.None));

        var retried = await CreateNoteAsync(db, "key-1", "note");
        Assert.Equal(retried, await CreateNoteAsync(db, "key-1", "note"));
        Assert.Equal(1, await CountAsync(db, "note"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Keys_belong_to_one_caller(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        var mine = await CreateNoteAsync(db, "key-1", "note", principal: "key-a");
        var theirs = await CreateNoteAsync(db, "key-1", "note", principal: "key-b");

        Assert.NotEqual(mine, theirs);
        Assert.Equal(2, await CountAsync(db, "note"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_replays_write_once(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        // A client that retries before the first attempt has answered: the first attempt is
        // held inside its write until the three replays are known to queue behind it.
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(() => CreateNoteAsync(db, "key-1", "note", during: async () =>
        {
            inside.TrySetResult();
            await release.Task;
        }));
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var replays = Enumerable.Range(0, 3).Select(_ => Task.Run(() => CreateNoteAsync(db, "key-1", "note"))).ToList();
        await test.UntilWaitingOnLocksAsync(3);
        Assert.DoesNotContain(replays, r => r.IsCompleted);
        release.SetResult();
        var responses = await Task.WhenAll([first, .. replays]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Single(responses.Distinct());
        Assert.Equal(1, await CountAsync(db, "note"));
    }

    [Fact]
    public async Task Without_a_key_every_call_writes()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = await test.MigratedAsync();

        await CreateNoteAsync(db, null, "note");
        await CreateNoteAsync(db, "", "note");

        Assert.Equal(2, await CountAsync(db, "note"));
    }

    [Fact]
    public async Task A_key_longer_than_64_characters_is_refused()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = await test.MigratedAsync();

        await CreateNoteAsync(db, new string('k', Idempotency.MaxKeyLength), "ok");
        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => CreateNoteAsync(db, new string('k', Idempotency.MaxKeyLength + 1), "too long"));

        Assert.Equal("requestId", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    private static Task<StringValue> CreateNoteAsync(Db db, string? requestId, string text, bool fail = false, string principal = "test-key", Func<Task>? during = null)
    {
        var context = new FakeServerCallContext(Method, new Metadata { { CallMetadata.Principal, principal }, { CallMetadata.Scopes, "admin" } });
        return db.WriteAsync(
            context,
            requestId,
            new StringValue { Value = text },
            StringValue.Parser,
            async (connection, transaction) =>
            {
                var id = await connection.ExecuteScalarAsync<long>("INSERT INTO notes (text) VALUES (@text) RETURNING id", new { text }, transaction);
                if (during is not null)
                {
                    await during();
                }

                if (fail)
                {
                    throw new InvalidOperationException("The write failed after its insert.");
                }

                return new StringValue { Value = $"note-{id}" };
            }).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static Task<long> CountAsync(Db db, string text) =>
        db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM notes WHERE text = @text", new { text }, CancellationToken.None);
}
