using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Google.Rpc;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Every expected failure is a google.rpc.Status: ErrorInfo, BadRequest when fields are at fault, vi-VN message.</summary>
public class ProblemsTests
{
    [Fact]
    public void A_problem_carries_error_info_field_violations_and_a_Vietnamese_message()
    {
        var e = Problems.Create(
            StatusCode.FailedPrecondition,
            "CONTEST_CLOSED",
            "The contest closed on 2020-12-15.",
            "Cuộc thi đã kết thúc ngày 15/12/2020.",
            [Problems.Violation("contestId", "Closed.", "Đã kết thúc.")],
            new Dictionary<string, string> { ["contestId"] = "c1" });

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.Equal((int)Code.FailedPrecondition, status.Code);
        Assert.Equal("The contest closed on 2020-12-15.", status.Message);

        var info = status.GetDetail<ErrorInfo>()!;
        Assert.Equal("CONTEST_CLOSED", info.Reason);
        Assert.Equal(Problems.Domain, info.Domain);
        Assert.Equal("cukhoi.services", info.Domain);
        Assert.Equal("c1", info.Metadata["contestId"]);

        var violation = Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("contestId", violation.Field);
        Assert.Equal("Closed.", violation.Description);
        Assert.Equal("vi-VN", violation.LocalizedMessage.Locale);
        Assert.Equal("Đã kết thúc.", violation.LocalizedMessage.Message);

        var localized = status.GetDetail<LocalizedMessage>()!;
        Assert.Equal("vi-VN", localized.Locale);
        Assert.Equal("Cuộc thi đã kết thúc ngày 15/12/2020.", localized.Message);
    }

    [Fact]
    public void Without_violations_there_is_no_bad_request_detail()
    {
        var e = Problems.PermissionDenied("Needs articles:write.", "Cần quyền articles:write.");

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Null(e.BadRequest());
        Assert.Equal(Problems.Reasons.PermissionDenied, e.Reason());
        Assert.Equal("Cần quyền articles:write.", e.VietnameseMessage());
    }

    [Fact]
    public void Invalid_argument_names_the_field()
    {
        var e = Problems.InvalidArgument("article.title", "Title is required.", "Tiêu đề là bắt buộc.");

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(Problems.Reasons.InvalidArgument, e.Reason());
        Assert.Equal("article.title", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Equal("Title is required.", e.Status.Detail);
    }

    [Fact]
    public void Not_found_names_the_resource()
    {
        var e = Problems.NotFound("Article", "bài viết", "abc");

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal("Article 'abc' was not found.", e.Status.Detail);
        Assert.Equal("Không tìm thấy bài viết 'abc'.", e.VietnameseMessage());
        var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("Article", info.Metadata["resource"]);
        Assert.Equal("abc", info.Metadata["id"]);
    }

    [Fact]
    public void Illegal_transition_is_failed_precondition_naming_the_allowed_moves()
    {
        var e = Problems.IllegalTransition("Article", "Bài viết", "ARCHIVED", "PUBLISHED", []);
        var moves = Problems.IllegalTransition("Article", "Bài viết", "DRAFT", "ARCHIVED", ["PENDING_REVIEW", "PUBLISHED"]);

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(Problems.Reasons.IllegalTransition, e.Reason());
        Assert.Contains("none", e.Status.Detail);
        Assert.Contains("PENDING_REVIEW, PUBLISHED", moves.Status.Detail);
        Assert.Contains("PENDING_REVIEW, PUBLISHED", moves.VietnameseMessage());
        Assert.Equal("PENDING_REVIEW,PUBLISHED", moves.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["allowed"]);
    }

    [Fact]
    public void Status_codes_follow_the_contract()
    {
        Assert.Equal(StatusCode.Aborted, Problems.EtagMismatch("Article", "Bài viết", "a").StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, Problems.AlreadyExists("slug", "Taken.", "Đã có.").StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, Problems.Unauthenticated("No.", "Không.").StatusCode);
        Assert.Equal(StatusCode.Unavailable, Problems.Unavailable("dvk-models").StatusCode);
        Assert.Equal(Problems.Reasons.EtagMismatch, Problems.EtagMismatch("Article", "Bài viết", "a").Reason());
    }

    [Fact]
    public void Internal_errors_say_nothing_about_the_cause()
    {
        var e = Problems.Internal();

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Equal("An internal error occurred; it has been logged.", e.Status.Detail);
        Assert.Equal(Problems.Reasons.Internal, Problems.ReasonOf(e));
        Assert.Null(Problems.ReasonOf(new RpcException(new global::Grpc.Core.Status(StatusCode.Internal, "plain"))));
    }
}
