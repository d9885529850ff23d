using Dapper;

namespace CuKhoi.Contests.Data;

/// <summary>The per-year figures of the annual report, counted by SQL.</summary>
public sealed partial class EntryRepository
{
    // Classes with setters, not positional records: on an empty result SQLite reports
    // expression columns as BLOB, which no constructor signature matches.
    public sealed class ChainCounts
    {
        public long WardEntries { get; set; }
        public long ReachedDistrict { get; set; }
        public long ReachedCity { get; set; }
    }

    public sealed class LevelCount
    {
        public string Level { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public long Count { get; set; }
    }

    /// <summary>
    /// The exact definitions, for a year Y (the `year` of the contests, not submit times):
    /// <list type="bullet">
    /// <item>ward entries: every entry, whatever its status, of the WARD contests of year Y.
    /// Forwarded copies live in other (district, city) contests, so nothing is counted twice.</item>
    /// <item>reached district: those ward entries whose forward link (forwarded_entry_id) points
    /// at an entry of a DISTRICT contest; i.e. followed through the chain from the ward, so an
    /// entry submitted straight to the district is not counted.</item>
    /// <item>reached city: those ward entries whose district copy was itself forwarded to an
    /// entry of a CITY contest (ward → district → city).</item>
    /// </list>
    /// A parent is always one level up and of the same year, so the chain stays inside Y.
    /// </summary>
    public async Task<ChainCounts> ChainCountsAsync(int year, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<ChainCounts>(
            """
            SELECT
              (SELECT COUNT(*)
                 FROM entries w JOIN contests wc ON wc.id = w.contest_id
                WHERE wc.level = 'WARD' AND wc.year = @year) AS WardEntries,
              (SELECT COUNT(*)
                 FROM entries w JOIN contests wc ON wc.id = w.contest_id
                 JOIN entries d ON d.id = w.forwarded_entry_id
                 JOIN contests dc ON dc.id = d.contest_id AND dc.level = 'DISTRICT'
                WHERE wc.level = 'WARD' AND wc.year = @year) AS ReachedDistrict,
              (SELECT COUNT(*)
                 FROM entries w JOIN contests wc ON wc.id = w.contest_id
                 JOIN entries d ON d.id = w.forwarded_entry_id
                 JOIN contests dc ON dc.id = d.contest_id AND dc.level = 'DISTRICT'
                 JOIN entries c ON c.id = d.forwarded_entry_id
                 JOIN contests cc ON cc.id = c.contest_id AND cc.level = 'CITY'
                WHERE wc.level = 'WARD' AND wc.year = @year) AS ReachedCity
            """,
            new { year },
            ct))!;

    /// <summary>Entries of the contests of year Y by level and status (every status, copies included).</summary>
    public Task<IReadOnlyList<LevelCount>> CountByLevelAndStatusAsync(int year, CancellationToken ct) =>
        db.QueryAsync<LevelCount>(
            """
            SELECT c.level AS Level, e.status AS Status, COUNT(*) AS Count
            FROM entries e JOIN contests c ON c.id = e.contest_id
            WHERE c.year = @year
            GROUP BY c.level, e.status
            """,
            new { year },
            ct);

    /// <summary>Entries of the contests of year Y by level (the sum over statuses, counted again by SQL).</summary>
    public Task<IReadOnlyList<LevelCount>> CountByLevelAsync(int year, CancellationToken ct) =>
        db.QueryAsync<LevelCount>(
            """
            SELECT c.level AS Level, COUNT(*) AS Count
            FROM entries e JOIN contests c ON c.id = e.contest_id
            WHERE c.year = @year
            GROUP BY c.level
            """,
            new { year },
            ct);
}
