using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Grpc.Core;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// Refused writes: bad recognitions, the district cut-off, unknown or illegal transitions,
/// stale etags and duplicate codes, each with its code, reason, field and Vietnamese message.
/// </summary>
public class WriteRefusalTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    private Task<DvkHost> HostAsync() => hosts.GetAsync("sqlite");

    [Fact]
    public async Task A_recognition_without_decision_number_or_date_is_refused()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        var recognition = TestData.Recognition();
        recognition.DecisionNumber = "";
        recognition.DecisionDate = null;

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RecogniseAsync(model.Id, recognition));

        var fields = e.BadRequest()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["recognition.decisionNumber", "recognition.decisionDate"], fields);
        Assert.Contains("Số quyết định", e.VietnameseMessage());
        Assert.Contains("Ngày quyết định", e.VietnameseMessage());
    }

    [Fact]
    public async Task A_recognition_with_an_impossible_date_or_year_is_refused()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        var recognition = TestData.Recognition(Level.Ward, 2024, 2, 30);
        recognition.Year = 1989;
        recognition.Level = (Level)9;

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RecogniseAsync(model.Id, recognition));

        var violations = e.BadRequest()!.FieldViolations.ToDictionary(v => v.Field);
        Assert.Contains("WARD, DISTRICT, CITY, CENTRAL", violations["recognition.level"].Description);
        Assert.True(violations.ContainsKey("recognition.year"));
        Assert.Contains("valid calendar date", violations["recognition.decisionDate"].Description);
    }

    [Fact]
    public async Task A_district_recognition_after_July_2025_is_refused_and_one_from_2020_accepted()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), year: 2020));

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.RecogniseAsync(model.Id, TestData.Recognition(Level.District, 2025, 7, 1)));
        Assert.Equal(DvkReasons.DistrictLevelAbolished, e.Reason());
        Assert.Contains("abolished on 1 July 2025", e.Status.Detail);
        Assert.Contains("chấm dứt hoạt động", e.VietnameseMessage());
        Assert.Equal("recognition.level", Assert.Single(e.BadRequest()!.FieldViolations).Field);

        var recognised = await host.Editor.RecogniseAsync(model.Id, TestData.Recognition(Level.District, 2020, 12, 18));
        Assert.Equal(Level.District, recognised.HighestLevel);
    }

    [Theory]
    [InlineData(Status.Unspecified)]
    [InlineData((Status)99)]
    public async Task A_transition_to_an_unknown_state_is_400_listing_the_states(Status to)
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.MoveAsync(model.Id, to));

        var violation = Assert.Single(e.BadRequest()!.FieldViolations);
        Assert.Equal("to", violation.Field);
        Assert.Contains("REGISTERED, IMPLEMENTING, UNDER_REVIEW, RECOGNISED, SUSPENDED, CLOSED", violation.Description);
        Assert.Contains("Trạng thái đích", e.VietnameseMessage());
    }

    [Fact]
    public async Task An_illegal_transition_names_the_allowed_moves()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.MoveAsync(model.Id, Status.UnderReview));

        Assert.Equal(Problems.Reasons.IllegalTransition, e.Reason());
        Assert.Contains("allowed from REGISTERED: IMPLEMENTING, SUSPENDED, CLOSED", e.Status.Detail);
        Assert.Contains("chỉ được chuyển sang: IMPLEMENTING, SUSPENDED, CLOSED", e.VietnameseMessage());
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_on_every_write_that_takes_one()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        var moved = await host.Editor.MoveAsync(model.Id, Status.Implementing, etag: model.Etag);
        Assert.NotEqual(model.Etag, moved.Etag);

        var patch = new DvkModel { Id = model.Id, Name = "Tên mới", Etag = model.Etag };
        var update = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => host.Editor.UpdateDvkModelAsync(new UpdateDvkModelRequest { DvkModel = patch }).ResponseAsync);
        var transition = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => host.Editor.MoveAsync(model.Id, Status.UnderReview, etag: model.Etag));
        var delete = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = model.Id, Etag = model.Etag }).ResponseAsync);

        foreach (var e in new[] { update, transition, delete })
        {
            Assert.Equal(Problems.Reasons.EtagMismatch, e.Reason());
            Assert.Contains("etag mới", e.VietnameseMessage());
        }

        // The quoted form of an HTTP If-Match header is the same etag.
        await host.Editor.MoveAsync(model.Id, Status.UnderReview, etag: $"\"{moved.Etag}\"");
    }

    [Fact]
    public async Task A_duplicate_code_is_409()
    {
        var host = await HostAsync();
        var code = "TEST-" + TestData.Tag().ToUpperInvariant();
        var first = TestData.Model(TestData.Tag());
        first.Code = code;
        await host.Editor.RegisterAsync(first);
        var second = TestData.Model(TestData.Tag());
        second.Code = code.ToLowerInvariant(); // codes are upper-cased: the same code

        var e = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => host.Editor.RegisterAsync(second));

        Assert.Equal(Problems.Reasons.AlreadyExists, e.Reason());
        Assert.Equal("dvkModel.code", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains(code, e.VietnameseMessage());
    }
}
