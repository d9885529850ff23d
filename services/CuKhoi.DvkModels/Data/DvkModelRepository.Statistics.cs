using CuKhoi.Protos.Dvk.V1;
using Dapper;

namespace CuKhoi.DvkModels.Data;

public sealed partial class DvkModelRepository
{
    /// <summary>
    /// The figures of one year for the annual report, counted by the database. Soft-deleted
    /// models count nowhere. "Recognised" counts distinct models with a recognition whose
    /// year is the year asked, so a model recognised twice at one level counts once there.
    /// </summary>
    public async Task<DvkStatistics> StatisticsAsync(int year, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var parameters = new { year };

        var byStatus = await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(
            """
            SELECT status AS Key, COUNT(*) AS Count
            FROM dvk_models
            WHERE year = @year AND delete_time IS NULL
            GROUP BY status
            """,
            parameters,
            cancellationToken: ct));
        var byField = await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(
            """
            SELECT field AS Key, COUNT(*) AS Count
            FROM dvk_models
            WHERE year = @year AND delete_time IS NULL
            GROUP BY field
            """,
            parameters,
            cancellationToken: ct));
        var recognisedByLevel = await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(
            """
            SELECT r.level AS Key, COUNT(DISTINCT r.model_id) AS Count
            FROM dvk_recognitions r
            JOIN dvk_models m ON m.id = r.model_id
            WHERE r.year = @year AND m.delete_time IS NULL
            GROUP BY r.level
            """,
            parameters,
            cancellationToken: ct));
        var recognisedByField = await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(
            """
            SELECT m.field AS Key, COUNT(DISTINCT m.id) AS Count
            FROM dvk_models m
            JOIN dvk_recognitions r ON r.model_id = m.id
            WHERE r.year = @year AND m.delete_time IS NULL
            GROUP BY m.field
            """,
            parameters,
            cancellationToken: ct));
        var registered = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM dvk_models WHERE year = @year AND delete_time IS NULL",
            parameters,
            cancellationToken: ct));

        var statistics = new DvkStatistics { Year = year, Registered = registered };
        Fill<DvkModel.Types.Status>(statistics.ByStatus, byStatus);
        Fill<DvkModel.Types.Field>(statistics.ByField, byField);
        Fill<Recognition.Types.Level>(statistics.RecognisedByLevel, recognisedByLevel);
        Fill<DvkModel.Types.Field>(statistics.RecognisedByField, recognisedByField);
        return statistics;
    }

    /// <summary>Every name of the enum appears, with 0 where nothing matched, so a report can read any key.</summary>
    private static void Fill<TEnum>(Google.Protobuf.Collections.MapField<string, long> map, IEnumerable<(string Key, long Count)> counts)
        where TEnum : struct, Enum
    {
        foreach (var name in ServiceDefaults.Errors.EnumNames.Allowed<TEnum>())
        {
            map[name] = 0;
        }

        foreach (var (key, count) in counts)
        {
            map[key] = count;
        }
    }
}
