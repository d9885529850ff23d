using CuKhoi.Contests.Domain;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Contests.Domain.EntryLifecycle;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>The entry lifecycle table of DOMAIN.md, move by move.</summary>
public class EntryLifecycleTests
{
    public static TheoryData<EntryStatus, EntryStatus, Via> Legal => new()
    {
        { EntryStatus.Submitted, EntryStatus.Valid, Via.Update },
        { EntryStatus.Submitted, EntryStatus.Invalid, Via.Update },
        { EntryStatus.Valid, EntryStatus.Shortlisted, Via.Update },
        { EntryStatus.Shortlisted, EntryStatus.Forwarded, Via.Forward },
        { EntryStatus.Shortlisted, EntryStatus.Awarded, Via.Award },
        { EntryStatus.Shortlisted, EntryStatus.NotAwarded, Via.Update },
    };

    [Theory]
    [MemberData(nameof(Legal))]
    public void Legal_moves_pass_through_their_own_rpc(EntryStatus from, EntryStatus to, Via via)
    {
        Ensure(from, to, via);
        Assert.Equal(via, Move(from, to));
    }

    [Fact]
    public void Every_other_pair_is_illegal()
    {
        var legal = Legal.Select(row => ((EntryStatus)row[0], (EntryStatus)row[1])).ToHashSet();
        var statuses = Enum.GetValues<EntryStatus>().Where(s => s != EntryStatus.Unspecified).ToList();
        foreach (var from in statuses)
        {
            foreach (var to in statuses.Where(to => !legal.Contains((from, to))))
            {
                Assert.Null(Move(from, to));
                var e = Assert.Throws<RpcException>(() => Ensure(from, to, Via.Update));
                Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
                Assert.Equal("ILLEGAL_TRANSITION", e.Reason());
            }
        }
    }

    [Fact]
    public void An_illegal_move_names_the_moves_allowed_by_update()
    {
        var e = Assert.Throws<RpcException>(() => Ensure(EntryStatus.Submitted, EntryStatus.Shortlisted, Via.Update));

        Assert.Contains("VALID, INVALID", e.Status.Detail);
        Assert.Contains("VALID, INVALID", e.VietnameseMessage());
    }

    [Theory]
    [InlineData(EntryStatus.Forwarded, ":forward")]
    [InlineData(EntryStatus.Awarded, ":award")]
    public void Forwarded_and_awarded_are_reached_only_through_their_rpc(EntryStatus to, string rpc)
    {
        var e = Assert.Throws<RpcException>(() => Ensure(EntryStatus.Shortlisted, to, Via.Update));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains(rpc, e.Status.Detail);
    }

    [Fact]
    public void Final_statuses_allow_nothing()
    {
        foreach (var status in new[] { EntryStatus.Invalid, EntryStatus.Forwarded, EntryStatus.Awarded, EntryStatus.NotAwarded })
        {
            Assert.Empty(Next(status));
            Assert.False(ClosesAsNotAwarded(status));
        }
    }

    [Fact]
    public void Closing_decides_submitted_valid_and_shortlisted_entries()
    {
        Assert.Equal(["SUBMITTED", "VALID", "SHORTLISTED"], ClosingStatuses);
    }
}
