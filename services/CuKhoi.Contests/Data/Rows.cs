using CuKhoi.Contests.Domain;
using CuKhoi.ServiceDefaults.Errors;

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

/// <summary>A row of `entries`; the derived folded and search columns are written, not read.</summary>
public sealed class EntryRow
{
    public string Id { get; set; } = string.Empty;
    public string ContestId { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Genre { get; set; } = string.Empty;
    public string Body { get; set; } = string.Empty;
    public int WordCount { get; set; }
    /// <summary>JSON array of <see cref="Domain.AuthorData"/>.</summary>
    public string Authors { get; set; } = "[]";
    public string SubjectKind { get; set; } = string.Empty;
    public string SubjectName { get; set; } = string.Empty;
    public string? SubjectDvkModelId { get; set; }
    public string Status { get; set; } = string.Empty;
    public double? Score { get; set; }
    public string? Prize { get; set; }
    public string? ForwardedToContestId { get; set; }
    public string? ForwardedEntryId { get; set; }
    public string? OriginContestId { get; set; }
    public string? OriginEntryId { get; set; }
    public long Version { get; set; }
    public long SubmitTime { get; set; }
    public long UpdateTime { get; set; }
    /// <summary>Read for the keyset cursor of "author" pages; never sent to callers.</summary>
    public byte[] PrimaryAuthorSortKey { get; set; } = [];
    public string TitleFolded { get; set; } = string.Empty;
    public string PrimaryAuthorFolded { get; set; } = string.Empty;
    public string SearchFolded { get; set; } = string.Empty;

    /// <summary>Sets what the entry says and every column derived from it.</summary>
    public EntryRow WithContent(EntryContent content)
    {
        Title = content.Title;
        Genre = content.Genre;
        Body = content.Body;
        WordCount = content.WordCount;
        Authors = EntryStore.ToJson(content.Authors);
        SubjectKind = EnumNames.Of(content.SubjectKind);
        SubjectName = content.SubjectName;
        SubjectDvkModelId = string.IsNullOrEmpty(content.DvkModelId) ? null : content.DvkModelId;
        TitleFolded = content.TitleKey;
        PrimaryAuthorFolded = content.PrimaryAuthorKey;
        PrimaryAuthorSortKey = content.PrimaryAuthorSortKey;
        SearchFolded = content.SearchText;
        return this;
    }

    public EntryContent Content() => new(
        Title,
        Genre,
        Body,
        EntryStore.AuthorsFrom(Authors),
        EnumNames.Parse<CuKhoi.Protos.Contests.V1.Subject.Types.Kind>(SubjectKind),
        SubjectName,
        SubjectDvkModelId);
}
