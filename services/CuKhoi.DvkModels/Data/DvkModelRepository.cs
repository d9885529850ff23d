using System.Data.Common;
using CuKhoi.DvkModels.Domain;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;
using Dapper;

namespace CuKhoi.DvkModels.Data;

/// <summary>
/// The SQL of the DVK models service: reads by id and writes here; lists, exports and
/// statistics in DvkModelRepository.Queries.cs. Writes run on the connection
/// and transaction of <c>Db.WriteAsync</c> (one transaction with the idempotency record) and
/// check the version of the row they read: a concurrent change makes them affect no row.
/// Folded copies and the sort key are written with every insert and update.
/// </summary>
public sealed partial class DvkModelRepository(Db db)
{
    // Two registrations racing for one code on PostgreSQL (READ COMMITTED) both pass the
    // check; the unique index stops the second, which must still get a 409, not a 500.
    private const string CodeIndex = "dvk_models_code_key";
    private const string CodeColumn = "dvk_models.code";

    private const string Columns = """
        m.id AS Id, m.code AS Code, m.kind AS Kind, m.name AS Name, m.owner_unit AS OwnerUnit,
        m.field AS Field, m.topics AS Topics, m.description AS Description, m.objectives AS Objectives,
        m.methods AS Methods, m.results AS Results, m.beneficiaries AS Beneficiaries,
        m.start_date AS StartDate, m.year AS Year, m.status AS Status, m.version AS Version,
        m.create_time AS CreateTime, m.update_time AS UpdateTime, m.delete_time AS DeleteTime
        """;

    /// <summary>Models by id with their recognitions, deleted ones included; in the order of <paramref name="ids"/>, missing ones left out.</summary>
    public async Task<IReadOnlyList<DvkModelRow>> BatchGetAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await LoadAsync(connection, null, ids, ct);
        var byId = rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
        return ids.Distinct(StringComparer.Ordinal).Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    public async Task<DvkModelRow?> FindAsync(string id, CancellationToken ct) =>
        (await BatchGetAsync([id], ct)).SingleOrDefault();

    /// <summary>The model as the write transaction sees it.</summary>
    public async Task<DvkModelRow?> FindAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        (await LoadAsync(connection, transaction, [id], ct)).SingleOrDefault();

    /// <summary>Stores a new model. Its recognitions are inserted separately.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, DvkModelRow row, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO dvk_models (
                id, code, kind, name, name_sort_key, name_folded, owner_unit, owner_unit_folded, field, topics,
                description, objectives, methods, results, beneficiaries, text_folded, start_date, year, status,
                version, create_time, update_time, delete_time)
            VALUES (
                @Id, @Code, @Kind, @Name, @NameSortKey, @NameFolded, @OwnerUnit, @OwnerUnitFolded, @Field, @Topics,
                @Description, @Objectives, @Methods, @Results, @Beneficiaries, @TextFolded, @StartDate, @Year, @Status,
                @Version, @CreateTime, @UpdateTime, @DeleteTime)
            """;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, Parameters(row), transaction, cancellationToken: ct));
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, CodeIndex, CodeColumn))
        {
            throw DvkModelRules.DuplicateCode(row.Code);
        }
    }

    /// <summary>Appends a recognition. The table refuses UPDATE and DELETE (migration triggers).</summary>
    public Task InsertRecognitionAsync(DbConnection connection, DbTransaction transaction, RecognitionRow row, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO dvk_recognitions (id, model_id, level, kind, year, decision_number, decision_date, issuer, note, create_time)
            VALUES (@Id, @ModelId, @Level, @Kind, @Year, @DecisionNumber, @DecisionDate, @Issuer, @Note, @CreateTime)
            """,
            row,
            transaction,
            cancellationToken: ct));

    /// <summary>Rewrites the editable columns; false when the row changed since it was read (version moved).</summary>
    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, DvkModelRow row, CancellationToken ct)
    {
        const string sql = """
            UPDATE dvk_models SET
                code = @Code, kind = @Kind, name = @Name, name_sort_key = @NameSortKey, name_folded = @NameFolded,
                owner_unit = @OwnerUnit, owner_unit_folded = @OwnerUnitFolded, field = @Field, topics = @Topics,
                description = @Description, objectives = @Objectives, methods = @Methods, results = @Results,
                beneficiaries = @Beneficiaries, text_folded = @TextFolded, start_date = @StartDate, year = @Year,
                version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """;
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition(sql, Parameters(row), transaction, cancellationToken: ct)) == 1;
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, CodeIndex, CodeColumn))
        {
            throw DvkModelRules.DuplicateCode(row.Code);
        }
    }

    /// <summary>Moves the status; false when the row changed since it was read.</summary>
    public async Task<bool> UpdateStatusAsync(DbConnection connection, DbTransaction transaction, DvkModelRow row, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dvk_models SET status = @Status, version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """,
            new { row.Id, row.Status, row.UpdateTime, row.Version },
            transaction,
            cancellationToken: ct)) == 1;

    /// <summary>
    /// Soft delete (a time) or undelete (null); false when the row changed since it was read.
    /// update_time moves too, so an export `since` the last run sees the deletion.
    /// </summary>
    public async Task<bool> UpdateDeleteTimeAsync(DbConnection connection, DbTransaction transaction, DvkModelRow row, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dvk_models SET delete_time = @DeleteTime, version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """,
            new { row.Id, row.DeleteTime, row.UpdateTime, row.Version },
            transaction,
            cancellationToken: ct)) == 1;

    public async Task<bool> CodeExistsAsync(DbConnection connection, DbTransaction transaction, string code, string? exceptId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM dvk_models WHERE code = @code AND id <> @exceptId",
            new { code, exceptId = exceptId ?? string.Empty },
            transaction,
            cancellationToken: ct)) > 0;

    /// <summary>
    /// The codes already given for a year, read under a lock on the year so two registrations
    /// at once cannot both take the next number.
    /// </summary>
    public async Task<IReadOnlyList<string>> CodesOfYearAsync(DbConnection connection, DbTransaction transaction, int year, CancellationToken ct)
    {
        await Dialect.LockKeyAsync(db, connection, transaction, $"dvk-code-{year}", ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM dvk_models WHERE code LIKE @prefix",
            new { prefix = $"DVK-{year}-%" },
            transaction,
            cancellationToken: ct))).AsList();
    }

    /// <summary>Models by id with their recognitions (in the order they were added): two queries, any number of models.</summary>
    private async Task<List<DvkModelRow>> LoadAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var parameters = new { ids = ids.ToArray() };
        var models = (await connection.QueryAsync<DvkModelRow>(new CommandDefinition(
            $"SELECT {Columns} FROM dvk_models m WHERE {Dialect.InList(db, "m.id", "@ids")}",
            parameters,
            transaction,
            cancellationToken: ct))).AsList();
        if (models.Count == 0)
        {
            return models;
        }

        var byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var recognitions = await connection.QueryAsync<RecognitionRow>(new CommandDefinition(
            $"""
            SELECT r.id AS Id, r.model_id AS ModelId, r.level AS Level, r.kind AS Kind, r.year AS Year,
                   r.decision_number AS DecisionNumber, r.decision_date AS DecisionDate, r.issuer AS Issuer,
                   r.note AS Note, r.create_time AS CreateTime
            FROM dvk_recognitions r
            WHERE {Dialect.InList(db, "r.model_id", "@ids")}
            ORDER BY r.model_id, r.create_time, r.id
            """,
            parameters,
            transaction,
            cancellationToken: ct));
        foreach (var recognition in recognitions)
        {
            byId[recognition.ModelId].Recognitions.Add(recognition);
        }

        return models;
    }

    private static object Parameters(DvkModelRow row) => new
    {
        row.Id,
        row.Code,
        row.Kind,
        row.Name,
        NameSortKey = VietnameseText.SortKey(row.Name),
        NameFolded = DvkSearchSql.FoldKey(row.Name),
        row.OwnerUnit,
        OwnerUnitFolded = DvkSearchSql.FoldKey(row.OwnerUnit),
        row.Field,
        row.Topics,
        row.Description,
        row.Objectives,
        row.Methods,
        row.Results,
        row.Beneficiaries,
        // The searchable body per the contract: description, methods and results.
        TextFolded = DvkSearchSql.FoldKey($"{row.Description}\n{row.Methods}\n{row.Results}"),
        row.StartDate,
        row.Year,
        row.Status,
        row.Version,
        row.CreateTime,
        row.UpdateTime,
        row.DeleteTime,
    };
}
