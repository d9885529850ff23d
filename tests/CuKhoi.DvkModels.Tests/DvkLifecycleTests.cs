using CuKhoi.DvkModels.Domain;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Grpc.Core;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>The lifecycle table of DOMAIN.md, every (from, to) pair, written out independently of the code.</summary>
public class DvkLifecycleTests
{
    // REGISTERED → IMPLEMENTING → UNDER_REVIEW → RECOGNISED; any open → SUSPENDED → IMPLEMENTING; any → CLOSED (final).
    private static readonly Dictionary<Status, Status[]> Expected = new()
    {
        [Status.Registered] = [Status.Implementing, Status.Suspended, Status.Closed],
        [Status.Implementing] = [Status.UnderReview, Status.Suspended, Status.Closed],
        [Status.UnderReview] = [Status.Recognised, Status.Suspended, Status.Closed],
        [Status.Recognised] = [Status.Suspended, Status.Closed],
        [Status.Suspended] = [Status.Implementing, Status.Closed],
        [Status.Closed] = [],
    };

    public static TheoryData<Status, Status, bool> Pairs()
    {
        var data = new TheoryData<Status, Status, bool>();
        foreach (var from in Expected.Keys)
        {
            foreach (var to in Expected.Keys)
            {
                data.Add(from, to, Expected[from].Contains(to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_move_is_allowed_or_refused_as_the_table_says(Status from, Status to, bool allowed)
    {
        Assert.Equal(allowed, DvkLifecycle.CanMove(from, to));
        if (allowed)
        {
            DvkLifecycle.EnsureCanMove(from, to, hasRecognition: true);
        }
        else
        {
            var e = Assert.Throws<RpcException>(() => DvkLifecycle.EnsureCanMove(from, to, hasRecognition: true));
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
            Assert.Equal(Problems.Reasons.IllegalTransition, e.Reason());
            foreach (var move in Expected[from])
            {
                Assert.Contains(EnumNames.Of(move), e.Status.Detail);
                Assert.Contains(EnumNames.Of(move), e.VietnameseMessage());
            }
        }
    }

    [Fact]
    public void A_closed_model_names_no_allowed_move()
    {
        var e = Assert.Throws<RpcException>(() => DvkLifecycle.EnsureCanMove(Status.Closed, Status.Implementing, hasRecognition: false));

        Assert.Contains("none", e.Status.Detail);
        Assert.Contains("không có", e.VietnameseMessage());
    }

    [Fact]
    public void Recognised_by_transition_needs_a_recognition_on_record()
    {
        var e = Assert.Throws<RpcException>(() => DvkLifecycle.EnsureCanMove(Status.UnderReview, Status.Recognised, hasRecognition: false));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(DvkReasons.RecognitionRequired, e.Reason());
        Assert.Contains("công nhận", e.VietnameseMessage());
    }

    [Theory]
    [InlineData(Status.Registered, true)]
    [InlineData(Status.Implementing, true)]
    [InlineData(Status.UnderReview, true)]
    [InlineData(Status.Recognised, true)]
    [InlineData(Status.Suspended, false)]
    [InlineData(Status.Closed, false)]
    public void Only_suspended_and_closed_models_cannot_be_recognised(Status status, bool recognisable)
    {
        Assert.Equal(recognisable, DvkLifecycle.CanBeRecognised(status));
        if (!recognisable)
        {
            var e = Assert.Throws<RpcException>(() => DvkLifecycle.EnsureCanBeRecognised(status));
            Assert.Equal(DvkReasons.NotRecognisable, e.Reason());
            Assert.NotNull(e.VietnameseMessage());
        }
    }
}
