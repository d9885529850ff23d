using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Every bad field is reported at once, in English and Vietnamese.</summary>
public class ValidationTests
{
    [Fact]
    public void A_valid_request_passes()
    {
        var validation = new Validation()
            .Required("article.title", "Dân vận khéo", "Title", "Tiêu đề")
            .MaxLength("article.title", "Dân vận khéo", 12, "Title", "Tiêu đề")
            .Range("pageSize", 20, 0, 100, "Page size", "Cỡ trang")
            .RequiredEnum("article.status", Article.Types.Status.Published, "Status", "Trạng thái")
            .KnownEnum("status", Article.Types.Status.Unspecified, "Status", "Trạng thái");

        Assert.True(validation.IsValid);
        validation.ThrowIfInvalid();
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var validation = new Validation()
            .Required("article.title", "   ", "Title", "Tiêu đề")
            .Required("article.body", null, "Body", "Nội dung")
            .Range("entry.score", 10.5, 0, 10, "Score", "Điểm")
            .RequiredEnum("article.status", Article.Types.Status.Unspecified, "Status", "Trạng thái");

        var e = Assert.Throws<RpcException>(validation.ThrowIfInvalid);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(Problems.Reasons.InvalidArgument, e.Reason());
        Assert.Equal(["article.title", "article.body", "entry.score", "article.status"], e.BadRequest()!.FieldViolations.Select(v => v.Field));
        Assert.StartsWith("The request has 4 invalid fields", e.Status.Detail);
        Assert.StartsWith("Yêu cầu có 4 trường không hợp lệ", e.VietnameseMessage());
        Assert.All(e.BadRequest()!.FieldViolations, v => Assert.Equal("vi-VN", v.LocalizedMessage.Locale));
    }

    [Fact]
    public void One_bad_field_is_the_message_itself()
    {
        var e = Assert.Throws<RpcException>(new Validation().Required("article.title", "", "Title", "Tiêu đề").ThrowIfInvalid);

        Assert.Equal("Title is required.", e.Status.Detail);
        Assert.Equal("Tiêu đề là bắt buộc.", e.VietnameseMessage());
    }

    [Theory]
    [InlineData("Đảng ủy", 7, true)]          // NFC: seven letters as a person counts them
    [InlineData("Đảng ủy!", 7, false)]
    [InlineData("\ud83d\ude00\ud83d\ude00", 2, true)] // two emoji, four UTF-16 units
    [InlineData(null, 0, true)]
    public void Length_counts_characters_not_UTF16_units(string? value, int max, bool valid)
    {
        Assert.Equal(valid, new Validation().MaxLength("field", value, max, "Field", "Trường").IsValid);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Range_is_inclusive(long value, bool valid)
    {
        Assert.Equal(valid, new Validation().Range("pageSize", value, 0, 100, "Page size", "Cỡ trang").IsValid);
    }

    [Fact]
    public void NaN_is_out_of_any_range()
    {
        Assert.False(new Validation().Range("entry.score", double.NaN, 0, 10, "Score", "Điểm").IsValid);
    }

    [Fact]
    public void Enums_list_the_wire_names_allowed()
    {
        var e = Assert.Throws<RpcException>(
            new Validation().RequiredEnum("article.status", Article.Types.Status.Unspecified, "Status", "Trạng thái").ThrowIfInvalid);

        Assert.Contains("PUBLISHED", e.Status.Detail);
        Assert.Contains("PENDING_REVIEW", e.Status.Detail);
        Assert.DoesNotContain("STATUS_UNSPECIFIED", e.Status.Detail);
    }

    [Fact]
    public void An_unknown_enum_number_is_refused_as_a_filter()
    {
        Assert.False(new Validation().KnownEnum("status", (Article.Types.Status)99, "Status", "Trạng thái").IsValid);
        Assert.False(new Validation().RequiredEnum("status", (Article.Types.Status)99, "Status", "Trạng thái").IsValid);
    }

    [Fact]
    public void Enum_names_round_trip()
    {
        Assert.Equal("PENDING_REVIEW", EnumNames.Of(Article.Types.Status.PendingReview));
        Assert.Equal(Article.Types.Status.PendingReview, EnumNames.Parse<Article.Types.Status>("PENDING_REVIEW"));
        Assert.DoesNotContain("STATUS_UNSPECIFIED", EnumNames.Allowed<Article.Types.Status>());
    }

    [Fact]
    public void Every_enum_value_round_trips_and_strangers_are_refused()
    {
        foreach (var value in Enum.GetValues<Article.Types.Status>())
        {
            Assert.Equal(value, EnumNames.Parse<Article.Types.Status>(EnumNames.Of(value)));
        }

        Assert.Equal(["DRAFT", "PENDING_REVIEW", "PUBLISHED", "UNPUBLISHED", "ARCHIVED"], EnumNames.Allowed<Article.Types.Status>());
        Assert.Equal("42", EnumNames.Of((Article.Types.Status)42));
        Assert.Throws<InvalidOperationException>(() => EnumNames.Parse<Article.Types.Status>("PendingReview"));
        Assert.Throws<InvalidOperationException>(() => EnumNames.Parse<Article.Types.Status>("published"));
    }
}
