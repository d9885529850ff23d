using System.Text.Json;
using CuKhoi.Contests.Domain;
using CuKhoi.ServiceDefaults.Errors;

namespace CuKhoi.Contests.Data;

/// <summary>
/// A row of `entries`. The authors are stored whole as a JSON array; the folded and search
/// columns derived from the content are written with it, and only the author sort key is
/// read back (for the keyset cursor of "author" pages).
/// </summary>
public sealed class EntryRow
{
    private static readonly JsonSerializerOptions AuthorsJson = new(JsonSerializerDefaults.Web);

    public string Id { get; set; } = string.Empty;
    public string ContestId { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Genre { get; set; } = string.Empty;
    public string Body { get; set; } = string.Empty;
    public int WordCount { get; set; }
    /// <summary>JSON array of <see cref="AuthorData"/>.</summary>
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

    /// <summary>The authors column, parsed.</summary>
    public IReadOnlyList<AuthorData> ReadAuthors() => JsonSerializer.Deserialize<List<AuthorData>>(Authors, AuthorsJson) ?? [];

    /// <summary>Sets what the entry says and every column derived from it.</summary>
    public EntryRow WithContent(EntryContent content)
    {
        Title = content.Title;
        Genre = content.Genre;
        Body = content.Body;
        WordCount = content.WordCount;
        Authors = JsonSerializer.Serialize(content.Authors, AuthorsJson);
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
        ReadAuthors(),
        EnumNames.Parse<CuKhoi.Protos.Contests.V1.Subject.Types.Kind>(SubjectKind),
        SubjectName,
        SubjectDvkModelId);
}
