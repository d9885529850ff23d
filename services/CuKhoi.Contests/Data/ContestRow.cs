namespace CuKhoi.Contests.Data;

/// <summary>A row of `contests`, as Dapper reads it (columns aliased to these names).</summary>
public sealed class ContestRow
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public int Year { get; set; }
    public string Level { get; set; } = string.Empty;
    public int LevelRank { get; set; }
    public string? ParentContestId { get; set; }
    public string Organiser { get; set; } = string.Empty;
    public string OpensOn { get; set; } = string.Empty;
    public string ClosesOn { get; set; } = string.Empty;
    public int MaxWords { get; set; }
    public string Status { get; set; } = string.Empty;
    public long Version { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
}
