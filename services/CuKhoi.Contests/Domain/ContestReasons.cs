namespace CuKhoi.Contests.Domain;

/// <summary>
/// ErrorInfo reasons of this service's refusals, on top of the shared ones in
/// <see cref="CuKhoi.ServiceDefaults.Errors.Problems.Reasons"/>. Callers switch on them.
/// </summary>
public static class ContestReasons
{
    /// <summary>The contest is not OPEN (JUDGING or CLOSED): it takes no entries.</summary>
    public const string ContestNotOpen = "CONTEST_NOT_OPEN";

    /// <summary>Before the opening day (Asia/Ho_Chi_Minh).</summary>
    public const string ContestNotYetOpen = "CONTEST_NOT_YET_OPEN";

    /// <summary>After the end of the closing day (Asia/Ho_Chi_Minh), or a CLOSED target of a forward.</summary>
    public const string ContestClosed = "CONTEST_CLOSED";

    /// <summary>Scoring and awarding happen while the contest is JUDGING.</summary>
    public const string ContestNotJudging = "CONTEST_NOT_JUDGING";

    public const string TooManyWords = "TOO_MANY_WORDS";

    /// <summary>The same title by the same primary author is already in the contest.</summary>
    public const string DuplicateEntry = "DUPLICATE_ENTRY";

    /// <summary>A forward to a contest that is not the parent of the entry's contest.</summary>
    public const string NotParentContest = "NOT_PARENT_CONTEST";

    /// <summary>A contest's parent must exist and be one level up in the same year.</summary>
    public const string InvalidParentContest = "INVALID_PARENT_CONTEST";

    public const string AlreadyForwarded = "ALREADY_FORWARDED";

    public const string ScoreOutOfRange = "SCORE_OUT_OF_RANGE";

    /// <summary>Only VALID or SHORTLISTED entries are scored.</summary>
    public const string EntryNotJudgeable = "ENTRY_NOT_JUDGEABLE";

    /// <summary>Title, body, authors and subject change only while the entry is SUBMITTED.</summary>
    public const string EntryNotEditable = "ENTRY_NOT_EDITABLE";

    /// <summary>subject.dvkModelId names no model (or a deleted one) in the DVK service.</summary>
    public const string UnknownDvkModel = "UNKNOWN_DVK_MODEL";
}
