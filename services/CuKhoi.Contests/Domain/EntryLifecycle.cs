using CuKhoi.ServiceDefaults.Errors;
using StatusCode = Grpc.Core.StatusCode;
using static CuKhoi.Protos.Contests.V1.ContestEntry.Types;

namespace CuKhoi.Contests.Domain;

/// <summary>
/// The entry lifecycle of DOMAIN.md as a table:
/// <code>
///   SUBMITTED   → VALID | INVALID                       (UpdateEntry status)
///   VALID       → SHORTLISTED                           (UpdateEntry status)
///   SHORTLISTED → FORWARDED                             (:forward only)
///               → AWARDED                               (:award only)
///               → NOT_AWARDED                           (UpdateEntry status, or the contest closing)
///   INVALID, FORWARDED, AWARDED, NOT_AWARDED: final
/// </code>
/// Closing a contest also moves SUBMITTED, VALID and SHORTLISTED entries to NOT_AWARDED
/// (see <see cref="ClosesAsNotAwarded"/>): nothing is left undecided in a CLOSED contest.
/// A forwarded copy starts SUBMITTED in the parent contest and runs the same table there.
/// </summary>
public static class EntryLifecycle
{
    /// <summary>How a move is made: through UpdateEntry's status, or only through its own RPC.</summary>
    public enum Via
    {
        Update,
        Forward,
        Award,
    }

    private static readonly Dictionary<Status, (Status To, Via Via)[]> Moves = new()
    {
        [Status.Submitted] = [(Status.Valid, Via.Update), (Status.Invalid, Via.Update)],
        [Status.Valid] = [(Status.Shortlisted, Via.Update)],
        [Status.Shortlisted] = [(Status.Forwarded, Via.Forward), (Status.Awarded, Via.Award), (Status.NotAwarded, Via.Update)],
        [Status.Invalid] = [],
        [Status.Forwarded] = [],
        [Status.Awarded] = [],
        [Status.NotAwarded] = [],
    };

    /// <summary>Every move out of a status, whatever RPC makes it.</summary>
    public static IReadOnlyList<Status> Next(Status from) =>
        Moves.TryGetValue(from, out var moves) ? moves.Select(m => m.To).ToList() : [];

    /// <summary>The moves UpdateEntry may make from a status.</summary>
    public static IReadOnlyList<Status> NextByUpdate(Status from) =>
        Moves.TryGetValue(from, out var moves) ? moves.Where(m => m.Via == Via.Update).Select(m => m.To).ToList() : [];

    /// <summary>The move, if the table has it.</summary>
    public static Via? Move(Status from, Status to) =>
        Moves.TryGetValue(from, out var moves) && moves.Any(m => m.To == to) ? moves.First(m => m.To == to).Via : null;

    /// <summary>Entries that are still undecided when their contest closes end NOT_AWARDED.</summary>
    public static bool ClosesAsNotAwarded(Status status) =>
        status is Status.Submitted or Status.Valid or Status.Shortlisted;

    /// <summary>The statuses closing moves, by wire name (for SQL).</summary>
    public static IReadOnlyList<string> ClosingStatuses { get; } =
        Enum.GetValues<Status>().Where(ClosesAsNotAwarded).Select(EnumNames.Of).ToList();

    /// <summary>Refuses a move unless it is in the table and made by <paramref name="via"/>.</summary>
    public static void Ensure(Status from, Status to, Via via)
    {
        var move = Move(from, to);
        if (move == via)
        {
            return;
        }

        if (move is { } other && via == Via.Update)
        {
            // In the table, but only its own RPC makes it (it needs a target or a prize).
            var rpc = other == Via.Forward ? ":forward" : ":award";
            throw Problems.Create(
                StatusCode.FailedPrecondition,
                Problems.Reasons.IllegalTransition,
                $"An entry becomes {EnumNames.Of(to)} only through {rpc}, not by setting its status.",
                $"Bài dự thi chỉ chuyển sang {EnumNames.Of(to)} qua thao tác {rpc}, không đặt trực tiếp trạng thái.",
                metadata: new Dictionary<string, string> { ["from"] = EnumNames.Of(from), ["to"] = EnumNames.Of(to), ["use"] = rpc });
        }

        var allowed = via == Via.Update ? NextByUpdate(from) : Next(from);
        throw Problems.IllegalTransition("Entry", "Bài dự thi", EnumNames.Of(from), EnumNames.Of(to), allowed.Select(EnumNames.Of));
    }
}
