using CuKhoi.ServiceDefaults.Errors;
using static CuKhoi.Protos.Contests.V1.Contest.Types;

namespace CuKhoi.Contests.Domain;

/// <summary>OPEN → JUDGING → CLOSED; nothing else. Closing is final.</summary>
public static class ContestLifecycle
{
    public static IReadOnlyList<Status> Next(Status from) => from switch
    {
        Status.Open => [Status.Judging],
        Status.Judging => [Status.Closed],
        _ => [],
    };

    public static void Ensure(Status from, Status to)
    {
        if (!Next(from).Contains(to))
        {
            throw Problems.IllegalTransition("Contest", "Cuộc thi", EnumNames.Of(from), EnumNames.Of(to), Next(from).Select(EnumNames.Of));
        }
    }
}
