using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>One way to read an UpdateX mask: from the resource's descriptor, never by hand.</summary>
public class UpdateMasksTests
{
    private static readonly UpdateMaskRules Rules = new("Entry", "bài dự thi", ["title", "genre", "authors", "subject", "status", "score"])
    {
        Ignored = ["id"],
        OutputOnlyHint = ("prizes change through :award", "giải đổi qua :award"),
    };

    private static IReadOnlyList<string> Resolve(ContestEntry entry, params string[] paths) =>
        UpdateMasks.Resolve(new FieldMask { Paths = { paths } }, entry, Rules);

    [Fact]
    public void Paths_take_either_spelling_star_and_whole_message_sub_paths_without_repeats()
    {
        var entry = new ContestEntry();

        Assert.Equal(["title", "subject"], Resolve(entry, " title ", "subject.dvkModelId", "subject", "id"));
        Assert.Equal(["genre", "title", "authors", "subject", "status", "score"], Resolve(entry, "genre", "*"));
    }

    [Fact]
    public void Without_a_mask_the_editable_fields_the_request_sets_are_written()
    {
        var entry = new ContestEntry
        {
            Id = "e1",
            Title = "Bút ký",
            Subject = new Subject(),
            Status = ContestEntry.Types.Status.Submitted,
            Score = 0,
            WordCount = 12,
        };

        Assert.Equal(["title", "subject", "status", "score"], UpdateMasks.Resolve(null, entry, Rules));
        Assert.Equal(["authors"], UpdateMasks.Resolve(new FieldMask(), new ContestEntry { Authors = { new Author() } }, Rules));
    }

    [Fact]
    public void Output_only_and_unknown_paths_are_refused_on_updateMask_naming_the_editable_fields()
    {
        var e = Assert.Throws<RpcException>(() => Resolve(new ContestEntry(), "wordCount", "etag", "colour", "title.text", "title"));

        var violations = e.BadRequest()!.FieldViolations;
        Assert.All(violations, v => Assert.Equal("updateMask", v.Field));
        Assert.All(violations, v => Assert.EndsWith("Editable fields: title, genre, authors, subject, status, score.", v.Description));
        Assert.All(violations, v => Assert.EndsWith("Các trường được sửa: title, genre, authors, subject, status, score.", v.LocalizedMessage.Message));
        Assert.Equal(
            [
                "'wordCount' is output only; prizes change through :award.",
                "'etag' is not a field of Entry that can be updated.",
                "'colour' is not a field of Entry that can be updated.",
                "'title.text' is not a field of Entry that can be updated.",
            ],
            violations.Select(v => v.Description[..(v.Description.IndexOf(". Editable", StringComparison.Ordinal) + 1)]));
        Assert.StartsWith("'wordCount' là trường chỉ đọc; giải đổi qua :award.", violations[0].LocalizedMessage.Message);
        Assert.StartsWith("'colour' không phải trường có thể cập nhật của bài dự thi.", violations[2].LocalizedMessage.Message);
    }

    [Fact]
    public void Nothing_to_update_is_refused_unless_the_resource_allows_it()
    {
        var e = Assert.Throws<RpcException>(() => UpdateMasks.Resolve(null, new ContestEntry { Id = "e1", WordCount = 3 }, Rules));
        var onlyIgnored = Assert.Throws<RpcException>(() => Resolve(new ContestEntry(), "id"));

        Assert.Equal("updateMask", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Equal("updateMask", Assert.Single(onlyIgnored.BadRequest()!.FieldViolations).Field);
        Assert.StartsWith("Không có gì để cập nhật", e.VietnameseMessage());
        Assert.Empty(UpdateMasks.Resolve(null, new ContestEntry(), Rules with { AllowEmpty = true }));
    }

    [Fact]
    public void A_field_is_found_by_its_proto_or_json_name()
    {
        Assert.Equal("contest_id", UpdateMasks.FindField(ContestEntry.Descriptor, "contestId")?.Name);
        Assert.Equal("contest_id", UpdateMasks.FindField(ContestEntry.Descriptor, "contest_id")?.Name);
        Assert.Null(UpdateMasks.FindField(ContestEntry.Descriptor, "ContestId"));
    }
}
