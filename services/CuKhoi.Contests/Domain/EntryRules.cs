using System.Text.RegularExpressions;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Subject.Types;

namespace CuKhoi.Contests.Domain;

/// <summary>
/// Field rules of an entry, and the refusals of its two uniqueness rules. Paths are the
/// JSON paths of the REST body (`entry.title`).
/// </summary>
public static partial class EntryRules
{
    public const int MaxTitle = 300;
    public const int MaxGenre = 100;
    public const int MaxBody = 200_000;
    public const int MaxAuthors = 10;
    public const int MaxName = 200;
    public const int MaxUnit = 300;
    public const int MaxPhone = 20;
    public const int MaxSubjectName = 300;
    public const int MaxJudge = 200;

    public static void ValidateTitle(ContestEntry entry, Validation v) =>
        v.Required("entry.title", entry.Title, "Title", "Tiêu đề")
            .MaxLength("entry.title", entry.Title, MaxTitle, "Title", "Tiêu đề");

    public static void ValidateGenre(ContestEntry entry, Validation v) =>
        v.MaxLength("entry.genre", entry.Genre, MaxGenre, "Genre", "Thể loại");

    public static void ValidateBody(ContestEntry entry, Validation v) =>
        v.Required("entry.body", entry.Body, "Body", "Nội dung bài")
            .MaxLength("entry.body", entry.Body, MaxBody, "Body", "Nội dung bài");

    public static void ValidateAuthors(ContestEntry entry, Validation v)
    {
        if (entry.Authors.Count is < 1 or > MaxAuthors)
        {
            v.Add("entry.authors", $"An entry has 1 to {MaxAuthors} authors.", $"Bài dự thi có từ 1 đến {MaxAuthors} tác giả.");
        }

        for (var i = 0; i < Math.Min(entry.Authors.Count, MaxAuthors); i++)
        {
            var author = entry.Authors[i];
            var path = $"entry.authors[{i}]";
            v.Required($"{path}.fullName", author.FullName, "Author's full name", "Họ và tên tác giả")
                .MaxLength($"{path}.fullName", author.FullName, MaxName, "Author's full name", "Họ và tên tác giả")
                .MaxLength($"{path}.unit", author.Unit, MaxUnit, "Author's unit", "Đơn vị của tác giả");
            if (author.Phone.Length > 0 && !IsPhone(author.Phone))
            {
                v.Add(
                    $"{path}.phone",
                    $"A phone number has at most {MaxPhone} characters: digits, spaces, '+', '.', '-'.",
                    $"Số điện thoại có tối đa {MaxPhone} ký tự gồm chữ số, dấu cách, '+', '.', '-'.");
            }
        }
    }

    /// <summary>INDIVIDUAL and COLLECTIVE need a name; MODEL needs a DVK model id (its name is taken from the DVK service).</summary>
    public static void ValidateSubject(ContestEntry entry, Validation v)
    {
        if (entry.Subject is null)
        {
            v.Add("entry.subject", "The subject is required.", "Đối tượng viết về là bắt buộc.");
            return;
        }

        var subject = entry.Subject;
        v.RequiredEnum("entry.subject.kind", subject.Kind, "Subject kind", "Loại đối tượng")
            .MaxLength("entry.subject.name", subject.Name, MaxSubjectName, "Subject name", "Tên đối tượng")
            .MaxLength("entry.subject.dvkModelId", subject.DvkModelId, 64, "DVK model id", "Mã mô hình DVK");
        if (subject.Kind is Kind.Individual or Kind.Collective)
        {
            v.Required("entry.subject.name", subject.Name, "Subject name", "Tên đối tượng");
        }
        else if (subject.Kind == Kind.Model)
        {
            v.Required("entry.subject.dvkModelId", subject.DvkModelId, "DVK model id", "Mã mô hình DVK");
        }
    }

    public static void ValidateAll(ContestEntry entry, Validation v)
    {
        ValidateTitle(entry, v);
        ValidateGenre(entry, v);
        ValidateBody(entry, v);
        ValidateAuthors(entry, v);
        ValidateSubject(entry, v);
    }

    /// <summary>Loosely: digits, spaces, + . - only, at least one digit, at most 20 characters.</summary>
    public static bool IsPhone(string phone) => phone.Length <= MaxPhone && PhonePattern().IsMatch(phone);

    /// <summary>A judge's score: 0 to 100 inclusive.</summary>
    public static void EnsureScore(double score)
    {
        if (double.IsNaN(score) || score < 0 || score > 100)
        {
            throw Problems.InvalidArgument(
                "score",
                "A score must be between 0 and 100.",
                "Điểm phải nằm trong khoảng 0 đến 100.",
                ContestReasons.ScoreOutOfRange);
        }
    }

    /// <summary>The same title by the same primary author is already in the contest (its unique index): 409.</summary>
    public static RpcException DuplicateEntry(string title) =>
        Problems.Create(
            StatusCode.AlreadyExists,
            ContestReasons.DuplicateEntry,
            $"An entry titled '{title}' by the same primary author is already in this contest.",
            $"Cuộc thi đã có bài '{title}' của cùng tác giả chính.",
            [Problems.Violation("entry.title", "Same title by the same primary author in this contest.", "Trùng tiêu đề và tác giả chính trong cuộc thi này.", ContestReasons.DuplicateEntry)]);

    /// <summary>An entry is forwarded once (the unique index on the copies' origin).</summary>
    public static RpcException AlreadyForwarded(string id) =>
        Problems.FailedPrecondition(
            ContestReasons.AlreadyForwarded,
            $"Entry '{id}' has already been forwarded; an entry is forwarded once.",
            $"Bài dự thi '{id}' đã được gửi lên cấp trên; mỗi bài chỉ được gửi một lần.");

    [GeneratedRegex(@"^[0-9 +.\-]*[0-9][0-9 +.\-]*$")]
    private static partial Regex PhonePattern();
}
