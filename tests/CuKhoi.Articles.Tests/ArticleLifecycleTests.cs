using CuKhoi.Articles.Domain;
using CuKhoi.Testing;
using Grpc.Core;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Tests;

public class ArticleLifecycleTests
{
    public static TheoryData<Status, Status, bool> Moves()
    {
        var data = new TheoryData<Status, Status, bool>();
        var allowed = new HashSet<(Status, Status)>
        {
            (Status.Draft, Status.PendingReview),
            (Status.Draft, Status.Published),
            (Status.PendingReview, Status.Published),
            (Status.Published, Status.Unpublished),
            (Status.Unpublished, Status.Published),
            (Status.Unpublished, Status.Archived),
        };
        var states = new[] { Status.Draft, Status.PendingReview, Status.Published, Status.Unpublished, Status.Archived };
        foreach (var from in states)
        {
            foreach (var to in states)
            {
                data.Add(from, to, allowed.Contains((from, to)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void Every_pair_of_states_follows_the_table_of_DOMAIN_md(Status from, Status to, bool allowed)
    {
        Assert.Equal(allowed, ArticleLifecycle.CanMove(from, to));
    }

    [Fact]
    public void An_illegal_move_is_a_failed_precondition_naming_the_allowed_moves()
    {
        var e = Assert.Throws<RpcException>(() => ArticleLifecycle.EnsureCanMove(Status.Published, Status.Archived));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("ILLEGAL_TRANSITION", e.Reason());
        Assert.Contains("UNPUBLISHED", e.Status.Detail);
        Assert.Contains("UNPUBLISHED", e.VietnameseMessage());
        Assert.True(Data.IsVietnamese(e.VietnameseMessage()));
    }

    [Fact]
    public void Archived_is_final()
    {
        Assert.Empty(ArticleLifecycle.AllowedFrom(Status.Archived));
        var e = Assert.Throws<RpcException>(() => ArticleLifecycle.EnsureCanMove(Status.Archived, Status.Published));
        Assert.Contains("none", e.Status.Detail);
    }
}
