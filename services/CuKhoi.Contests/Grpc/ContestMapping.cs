using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// Rows to messages and requests to the rows a write stores, for contests and their entries.
/// Phones leave the service only for callers with contests:write.
/// </summary>
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

        entry.Authors.AddRange(row.ReadAuthors().Select(a => new Author
        {
            FullName = a.FullName,
            Unit = a.Unit,
            Phone = showPhones ? a.Phone : string.Empty,
        }));
        return entry;
    }

    public static ContestStatistics ToProto(
        int year,
        EntryRepository.ChainCounts chain,
        IEnumerable<EntryRepository.LevelCount> byLevelAndStatus,
        IEnumerable<EntryRepository.LevelCount> byLevel)
    {
        var statistics = new ContestStatistics
        {
            Year = year,
            WardEntriesSubmitted = chain.WardEntries,
            ReachedDistrict = chain.ReachedDistrict,
            ReachedCity = chain.ReachedCity,
        };
        foreach (var count in byLevelAndStatus)
        {
            statistics.EntriesByLevelStatus[$"{count.Level}/{count.Status}"] = count.Count;
        }

        foreach (var count in byLevel)
        {
            statistics.EntriesByLevel[count.Level] = count.Count;
        }

        return statistics;
    }

    /// <summary>A new (validated) contest: OPEN, version 1, created now.</summary>
    public static ContestRow ToNewRow(Contest contest, string id, long now) => new()
    {
        Id = id,
        Name = contest.Name.Trim(),
        Year = contest.Year,
        Level = EnumNames.Of(contest.Level),
        LevelRank = (int)contest.Level,
        ParentContestId = contest.ParentContestId.Length > 0 ? contest.ParentContestId : null,
        Organiser = contest.Organiser.Trim(),
        OpensOn = ContestRules.ToStored(ContestRules.ToDate(contest.OpensOn)!.Value),
        ClosesOn = ContestRules.ToStored(ContestRules.ToDate(contest.ClosesOn)!.Value),
        MaxWords = contest.MaxWords,
        Status = EnumNames.Of(Contest.Types.Status.Open),
        Version = 1,
        CreateTime = now,
        UpdateTime = now,
    };

    /// <summary>A new entry of a contest (submitted, or the forwarded copy): SUBMITTED, version 1, submitted now.</summary>
    public static EntryRow ToNewRow(string id, string contestId, EntryContent content, long now) => new EntryRow
    {
        Id = id,
        ContestId = contestId,
        Status = EnumNames.Of(ContestEntry.Types.Status.Submitted),
        Version = 1,
        SubmitTime = now,
        UpdateTime = now,
    }.WithContent(content);

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
