namespace CuKhoi.DvkModels.Data;

/// <summary>
/// One row of `dvk_models` with its recognitions, as the repository reads and writes it.
/// Enums by proto name, topics as the JSON array stored, calendar days as ISO text.
/// Integer columns are long: SQLite hands every integer back as Int64. The folded copies
/// and the sort key are derived from it on every write, never read.
/// </summary>
public sealed class DvkModelRow
{
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string OwnerUnit { get; set; } = "";
    public string Field { get; set; } = "";

    /// <summary>JSON array of strings.</summary>
    public string Topics { get; set; } = "[]";

    public string Description { get; set; } = "";
    public string Objectives { get; set; } = "";
    public string Methods { get; set; } = "";
    public string Results { get; set; } = "";
    public string Beneficiaries { get; set; } = "";

    /// <summary>yyyy-MM-dd, or null.</summary>
    public string? StartDate { get; set; }

    public long Year { get; set; }
    public string Status { get; set; } = "";
    public long Version { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }

    /// <summary>Set while soft-deleted (AIP-164).</summary>
    public long? DeleteTime { get; set; }

    /// <summary>In the order they were added.</summary>
    public List<RecognitionRow> Recognitions { get; set; } = [];
}

/// <summary>One row of `dvk_recognitions` (append-only).</summary>
public sealed class RecognitionRow
{
    public string Id { get; set; } = "";
    public string ModelId { get; set; } = "";
    public string Level { get; set; } = "";
    public string Kind { get; set; } = "";
    public long Year { get; set; }
    public string DecisionNumber { get; set; } = "";

    /// <summary>yyyy-MM-dd.</summary>
    public string DecisionDate { get; set; } = "";

    public string Issuer { get; set; } = "";
    public string Note { get; set; } = "";
    public long CreateTime { get; set; }
}

/// <summary>The figures of one year, counted by the database: (enum name, count) pairs.</summary>
public sealed record DvkYearFigures(
    long Registered,
    IReadOnlyList<(string Key, long Count)> ByStatus,
    IReadOnlyList<(string Key, long Count)> ByField,
    IReadOnlyList<(string Key, long Count)> RecognisedByLevel,
    IReadOnlyList<(string Key, long Count)> RecognisedByField);
