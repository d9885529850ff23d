using System.Data.Common;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Dapper;

namespace CuKhoi.DvkModels.Data;

/// <summary>
/// The SQL of the DVK models service. Writes run on the connection and transaction of
/// <c>Db.WriteAsync</c> (one transaction with the idempotency record) and check the row
/// version they read (optimistic concurrency: a concurrent change makes them affect no
/// row). Reads are in DvkModelRepository.Queries.cs, statistics in .Statistics.cs.
/// </summary>
public sealed partial class DvkModelRepository(Db db)
{
    /// <summary>Stores a new model. Its recognitions are inserted separately (sample data).</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, DvkModel model, long now, CancellationToken ct)
    {
        var row = DvkModelWrite.From(model);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO dvk_models (
                id, code, kind, name, name_sort_key, name_folded, owner_unit, owner_unit_folded, field, topics,
                description, objectives, methods, results, beneficiaries, text_folded, start_date, year, status,
                version, create_time, update_time, delete_time)
            VALUES (
                @Id, @Code, @Kind, @Name, @NameSortKey, @NameFolded, @OwnerUnit, @OwnerUnitFolded, @Field, @Topics,
                @Description, @Objectives, @Methods, @Results, @Beneficiaries, @TextFolded, @StartDate, @Year, @Status,
                1, @now, @now, NULL)
            """,
            new DynamicParameters(row).With(new { now }),
            transaction,
            cancellationToken: ct));
    }

    /// <summary>Appends a recognition. The table refuses UPDATE and DELETE (migration triggers).</summary>
    public static async Task InsertRecognitionAsync(DbConnection connection, DbTransaction transaction, string modelId, Recognition recognition, long now, CancellationToken ct)
    {
        Domain.CalendarDates.TryGet(recognition.DecisionDate, out var decisionDate);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO dvk_recognitions (id, model_id, level, kind, year, decision_number, decision_date, issuer, note, create_time)
            VALUES (@id, @modelId, @level, @kind, @year, @decisionNumber, @decisionDate, @issuer, @note, @now)
            """,
            new
            {
                id = Guid.CreateVersion7().ToString("N"),
                modelId,
                level = EnumNames.Of(recognition.Level),
                kind = EnumNames.Of(recognition.Kind),
                year = recognition.Year,
                decisionNumber = recognition.DecisionNumber.Trim(),
                decisionDate = Domain.CalendarDates.ToIso(decisionDate),
                issuer = recognition.Issuer.Trim(),
                note = recognition.Note.Trim(),
                now,
            },
            transaction,
            cancellationToken: ct));
    }

    /// <summary>Rewrites the editable columns; false when the row changed since <paramref name="version"/> was read.</summary>
    public static async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, DvkModel model, long version, long now, CancellationToken ct)
    {
        var row = DvkModelWrite.From(model);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dvk_models SET
                code = @Code, kind = @Kind, name = @Name, name_sort_key = @NameSortKey, name_folded = @NameFolded,
                owner_unit = @OwnerUnit, owner_unit_folded = @OwnerUnitFolded, field = @Field, topics = @Topics,
                description = @Description, objectives = @Objectives, methods = @Methods, results = @Results,
                beneficiaries = @Beneficiaries, text_folded = @TextFolded, start_date = @StartDate, year = @Year,
                version = version + 1, update_time = @now
            WHERE id = @Id AND version = @version
            """,
            new DynamicParameters(row).With(new { version, now }),
            transaction,
            cancellationToken: ct));
        return changed == 1;
    }

    public static async Task<bool> SetStatusAsync(DbConnection connection, DbTransaction transaction, string id, DvkModel.Types.Status status, long version, long now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dvk_models SET status = @status, version = version + 1, update_time = @now
            WHERE id = @id AND version = @version
            """,
            new { id, status = EnumNames.Of(status), version, now },
            transaction,
            cancellationToken: ct)) == 1;

    /// <summary>
    /// Soft delete (a time) or undelete (null). update_time moves too, so an export
    /// `since` the last run sees the deletion.
    /// </summary>
    public static async Task<bool> SetDeleteTimeAsync(DbConnection connection, DbTransaction transaction, string id, long? deleteTime, long version, long now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dvk_models SET delete_time = @deleteTime, version = version + 1, update_time = @now
            WHERE id = @id AND version = @version
            """,
            new { id, deleteTime, version, now },
            transaction,
            cancellationToken: ct)) == 1;

    public static async Task<bool> CodeExistsAsync(DbConnection connection, DbTransaction transaction, string code, string? exceptId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM dvk_models WHERE code = @code AND id <> @exceptId",
            new { code, exceptId = exceptId ?? string.Empty },
            transaction,
            cancellationToken: ct)) > 0;

    /// <summary>
    /// The codes already given for a year, read under a lock so two registrations at once
    /// cannot both take the next number (SQLite's BEGIN IMMEDIATE already serialises writers).
    /// </summary>
    public async Task<IReadOnlyList<string>> CodesOfYearAsync(DbConnection connection, DbTransaction transaction, int year, CancellationToken ct)
    {
        if (!db.IsSqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"dvk-code-{year}" },
                transaction,
                cancellationToken: ct));
        }

        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM dvk_models WHERE code LIKE @prefix",
            new { prefix = $"DVK-{year}-%" },
            transaction,
            cancellationToken: ct))).AsList();
    }

    /// <summary>A unique-key violation: a code taken by a concurrent write between our check and our insert.</summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true,
        Npgsql.PostgresException { SqlState: "23505" } => true,
        _ => false,
    };
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters parameters, object more)
    {
        parameters.AddDynamicParams(more);
        return parameters;
    }
}
