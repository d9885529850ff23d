using System.Data.Common;
using CuKhoi.ServiceDefaults.Data;
using Dapper;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>The dialect pieces the repositories share: which unique index broke, and the locks.</summary>
public class DialectTests
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_unique_violation_is_told_by_its_index(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();
        await db.ExecuteAsync(
            """
            CREATE TABLE codes (id TEXT NOT NULL PRIMARY KEY, code TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, title TEXT NOT NULL);
            CREATE UNIQUE INDEX codes_unique_owner_title ON codes (owner, title);
            INSERT INTO codes (id, code, owner, title) VALUES ('1', 'DVK-01', 'a', 't');
            """,
            null,
            CancellationToken.None);

        async Task<Exception> InsertAsync(string id, string code, string owner, string title) =>
            await Assert.ThrowsAnyAsync<DbException>(() => db.ExecuteAsync(
                "INSERT INTO codes (id, code, owner, title) VALUES (@id, @code, @owner, @title)",
                new { id, code, owner, title },
                CancellationToken.None));

        var code = await InsertAsync("2", "DVK-01", "b", "u");
        var ownerTitle = await InsertAsync("3", "DVK-03", "a", "t");
        var key = await InsertAsync("1", "DVK-04", "c", "v");

        Assert.True(Dialect.IsUniqueViolation(code, "codes_code_key", "codes.code"));
        Assert.False(Dialect.IsUniqueViolation(code, "codes_unique_owner_title", "codes.title"));
        Assert.True(Dialect.IsUniqueViolation(ownerTitle, "codes_unique_owner_title", "codes.title"));
        Assert.False(Dialect.IsUniqueViolation(ownerTitle, "codes_code_key", "codes.code"));
        Assert.True(Dialect.IsUniqueViolation(key, "codes_pkey", "codes.id"));
        Assert.False(Dialect.IsUniqueViolation(new InvalidOperationException("codes.code"), "codes_code_key", "codes.code"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_locks_are_statements_both_databases_run(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        var texts = await db.InTransactionAsync(
            async (connection, transaction) =>
            {
                await Dialect.LockKeyAsync(db, connection, transaction, "notes", CancellationToken.None);
                return (await connection.QueryAsync<string>(new CommandDefinition(
                    $"SELECT text FROM notes WHERE id = 1{Dialect.ForUpdate(db)}",
                    transaction: transaction))).AsList();
            },
            CancellationToken.None);

        Assert.Equal(["Dân vận khéo"], texts);
        Assert.Equal(provider == "sqlite" ? string.Empty : " FOR UPDATE", Dialect.ForUpdate(db));
    }

    [SkippableFact]
    public async Task Transactions_with_the_same_key_run_one_at_a_time_on_PostgreSQL()
    {
        await using var test = await TestDb.CreateAsync("postgres");
        var db = await test.MigratedAsync();
        var firstHolds = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        var first = db.InTransactionAsync(
            async (connection, transaction) =>
            {
                await Dialect.LockKeyAsync(db, connection, transaction, "same", CancellationToken.None);
                firstHolds.SetResult();
                await release.Task;
                return 1;
            },
            CancellationToken.None);
        await firstHolds.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = db.InTransactionAsync(
            async (connection, transaction) =>
            {
                await Dialect.LockKeyAsync(db, connection, transaction, "same", CancellationToken.None);
                return 2;
            },
            CancellationToken.None);
        var other = db.InTransactionAsync(
            async (connection, transaction) =>
            {
                await Dialect.LockKeyAsync(db, connection, transaction, "other", CancellationToken.None);
                return 3;
            },
            CancellationToken.None);

        Assert.Equal(3, await other.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(second.IsCompleted);
        release.SetResult();
        var results = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2], results);
    }
}
