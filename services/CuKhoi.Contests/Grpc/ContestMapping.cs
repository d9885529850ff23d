using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;

namespace CuKhoi.Contests.Grpc;

/// <summary>Rows to messages and back. Phones leave the service only for callers with contests:write.</summary>
public static class ContestMapping
{
    public static Contest ToProto(ContestRow row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Year = row.Year,
        Level = EnumNames.Parse<Contest.Types.Level>(row.Level),
        ParentContestId = row.ParentContestId ?? string.Empty,
        Organiser = row.Organiser,
        OpensOn = ContestRules.ToProto(ContestRules.FromStored(row.OpensOn)),
        ClosesOn = ContestRules.ToProto(ContestRules.FromStored(row.ClosesOn)),
        MaxWords = row.MaxWords,
        Status = EnumNames.Parse<Contest.Types.Status>(row.Status),
        CreateTime = Clock.ToTimestamp(row.CreateTime),
        UpdateTime = Clock.ToTimestamp(row.UpdateTime),
        Etag = Etags.Of(row.Version),
    };

    public static ContestEntry ToProto(EntryRow row, bool showPhones)
    {
        var entry = new ContestEntry
        {
            Id = row.Id,
            ContestId = row.ContestId,
            Title = row.Title,
            Genre = row.Genre,
            Body = row.Body,
            WordCount = row.WordCount,
            Subject = new Subject
            {
                Kind = EnumNames.Parse<Subject.Types.Kind>(row.SubjectKind),
                Name = row.SubjectName,
                DvkModelId = row.SubjectDvkModelId ?? string.Empty,
            },
            Status = EnumNames.Parse<ContestEntry.Types.Status>(row.Status),
            Prize = row.Prize is null ? ContestEntry.Types.Prize.Unspecified : EnumNames.Parse<ContestEntry.Types.Prize>(row.Prize),
            ForwardedToContestId = row.ForwardedToContestId ?? string.Empty,
            ForwardedEntryId = row.ForwardedEntryId ?? string.Empty,
            OriginContestId = row.OriginContestId ?? string.Empty,
            OriginEntryId = row.OriginEntryId ?? string.Empty,
            SubmitTime = Clock.ToTimestamp(row.SubmitTime),
            UpdateTime = Clock.ToTimestamp(row.UpdateTime),
            Etag = Etags.Of(row.Version),
        };
        if (row.Score is { } score)
        {
            entry.Score = score;
        }

        entry.Authors.AddRange(EntryStore.AuthorsFrom(row.Authors).Select(a => new Author
        {
            FullName = a.FullName,
            Unit = a.Unit,
            Phone = showPhones ? a.Phone : string.Empty,
        }));
        return entry;
    }

    /// <summary>
    /// What a request's entry says, trimmed. For MODEL, <paramref name="modelName"/> is the
    /// DVK snapshot. A missing subject reads as empty (UpdateEntry may leave it out).
    /// </summary>
    public static EntryContent ToContent(ContestEntry entry, string? modelName)
    {
        var subject = entry.Subject ?? new Subject();
        return new EntryContent(
            entry.Title.Trim(),
            entry.Genre.Trim(),
            entry.Body,
            entry.Authors.Select(a => new AuthorData(a.FullName.Trim(), a.Unit.Trim(), a.Phone.Trim())).ToList(),
            subject.Kind,
            subject.Kind == Subject.Types.Kind.Model && modelName is not null ? modelName : subject.Name.Trim(),
            string.IsNullOrWhiteSpace(subject.DvkModelId) ? null : subject.DvkModelId.Trim());
    }
}
