using CuKhoi.ServiceDefaults.Text;
using static CuKhoi.Protos.Contests.V1.Subject.Types;

namespace CuKhoi.Contests.Domain;

/// <summary>One author as stored (the JSON array in entries.authors).</summary>
public sealed record AuthorData(string FullName, string Unit, string Phone);

/// <summary>
/// What an entry says, and what the database derives from it: the word count, the folded
/// title and primary author of the duplicate rule, the author sort key and the search text.
/// </summary>
public sealed record EntryContent(
    string Title,
    string Genre,
    string Body,
    IReadOnlyList<AuthorData> Authors,
    Kind SubjectKind,
    string SubjectName,
    string? DvkModelId)
{
    /// <summary>Whitespace-separated syllables.</summary>
    public int WordCount => VietnameseText.CountWords(Body);

    /// <summary>The first author is the primary author.</summary>
    public string PrimaryAuthor => Authors.Count > 0 ? Authors[0].FullName : string.Empty;

    /// <summary>Folded, trimmed, inner whitespace collapsed: "  Dân  vận KHÉO " = "dan van kheo".</summary>
    public string TitleKey => Key(Title);

    public string PrimaryAuthorKey => Key(PrimaryAuthor);

    /// <summary>vi-VN collation bytes of the primary author, given name first ("Dung Phạm Thị Thùy").</summary>
    public byte[] PrimaryAuthorSortKey => VietnameseText.SortKey(VietnameseText.GivenNameFirst(PrimaryAuthor));

    /// <summary>
    /// Everything `q` searches (title, author names, subject name, body) as folded words
    /// between single spaces, with a space at each end: " dan van kheo ... ". A query word
    /// matches a whole word (" dan "), so "dan" does not find "Đảng" ("dang").
    /// </summary>
    public string SearchText => $" {string.Join(' ', Words(string.Join('\n', [Title, .. Authors.Select(a => a.FullName), SubjectName, Body])))} ";

    /// <summary>This content with the named fields (update-mask paths) taken from <paramref name="update"/>; `subject` is the whole subject.</summary>
    public EntryContent With(EntryContent update, IReadOnlySet<string> fields) => this with
    {
        Title = fields.Contains("title") ? update.Title : Title,
        Genre = fields.Contains("genre") ? update.Genre : Genre,
        Body = fields.Contains("body") ? update.Body : Body,
        Authors = fields.Contains("authors") ? update.Authors : Authors,
        SubjectKind = fields.Contains("subject") ? update.SubjectKind : SubjectKind,
        SubjectName = fields.Contains("subject") ? update.SubjectName : SubjectName,
        DvkModelId = fields.Contains("subject") ? update.DvkModelId : DvkModelId,
    };

    /// <summary>Folded words of a text, letters and digits only: "Dân vận khéo!" → ["dan", "van", "kheo"].</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var folded = VietnameseText.Fold(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>The comparison form of names and titles: folded, trimmed, single spaces.</summary>
    public static string Key(string? text) =>
        string.Join(' ', VietnameseText.Fold(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
