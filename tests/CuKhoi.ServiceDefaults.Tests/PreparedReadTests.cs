using System.Data.Common;
using CuKhoi.ServiceDefaults.Data;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// A read whose statement stays compiled (<see cref="PreparedRead"/>) answers as a fresh
/// query would: every commit before it is seen, concurrent calls beyond the connections it
/// keeps all get their rows, a failed read costs nothing to the next; and on SQLite it
/// compiles its statement once per connection it keeps, not once per call.
/// </summary>
public sealed class PreparedReadTests
{
    private const string Sql = "SELECT text FROM notes WHERE id = @id OR text = @text";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Each_read_sees_every_write_committed_before_it(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        using var db = await test.MigratedAsync();
        var read = db.Prepare(Sql, "@id", "@text");

        for (var i = 0; i < 30; i++)
        {
            var text = $"ghi chú {i}";
            await db.ExecuteAsync("UPDATE notes SET text = @text WHERE id = 1", new { text }, CancellationToken.None);

            Assert.Equal([text], await read.ReadAsync([1L, null], Texts, CancellationToken.None));
            Assert.Equal([text], await read.ReadAsync([-1L, text], Texts, CancellationToken.None));
        }

        Assert.Empty(await read.ReadAsync([-1L, "không có"], Texts, CancellationToken.None));
        if (provider == "sqlite")
        {
            Assert.Equal(1, read.Prepared);
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task More_reads_at_once_than_it_keeps_connections_for_all_get_their_rows(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        using var db = await test.MigratedAsync();
        var read = db.Prepare(Sql, "@id", "@text");
        const int AtOnce = PreparedRead.MaxIdle + 4;

        // Each read holds its connection until all of them are reading at once.
        var reading = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => Task.Run(() => read.ReadAsync<IReadOnlyList<string>>(
            [1L, null],
            async (rows, ct) =>
            {
                var texts = await Texts(rows, ct);
                if (Interlocked.Increment(ref reading) == AtOnce)
                {
                    all.SetResult();
                }

                await all.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                return texts;
            },
            CancellationToken.None))));

        Assert.All(answers, texts => Assert.Equal(["Dân vận khéo"], texts));
        if (provider == "sqlite")
        {
            Assert.Equal(AtOnce, read.Prepared);

            // It kept MaxIdle of them: as many reads one after another compile nothing more.
            for (var i = 0; i < 3 * PreparedRead.MaxIdle; i++)
            {
                Assert.Equal(["Dân vận khéo"], await read.ReadAsync([1L, null], Texts, CancellationToken.None));
            }

            Assert.Equal(AtOnce, read.Prepared);
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_read_that_fails_leaves_the_next_one_whole(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        using var db = await test.MigratedAsync();
        var read = db.Prepare(Sql, "@id", "@text");
        Assert.Equal(["Dân vận khéo"], await read.ReadAsync([1L, null], Texts, CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() => read.ReadAsync<int>([1L, null], (_, _) => throw new InvalidOperationException("the mapping failed"), CancellationToken.None));
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.ReadAsync([1L, null], Texts, cancelled.Token));
        }

        Assert.Equal(["Dân vận khéo"], await read.ReadAsync([1L, null], Texts, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => read.ReadAsync([1L], Texts, CancellationToken.None).GetAwaiter().GetResult());
    }

    private static async Task<IReadOnlyList<string>> Texts(DbDataReader rows, CancellationToken ct)
    {
        var texts = new List<string>();
        while (await rows.ReadAsync(ct))
        {
            texts.Add(rows.GetString(0));
        }

        return texts;
    }
}
