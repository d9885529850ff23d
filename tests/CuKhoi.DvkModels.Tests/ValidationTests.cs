using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Field = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Field;
using Kind = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Kind;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// Every bad input is refused with the right code, reason, field and a Vietnamese message.
/// Input checks do not depend on the database, so these run on SQLite.
/// </summary>
public class ValidationTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    private Task<DvkHost> HostAsync() => hosts.GetAsync("sqlite");

    [Fact]
    public async Task An_unknown_or_unspecified_enum_is_400_listing_the_allowed_values()
    {
        var host = await HostAsync();
        var model = TestData.Model(TestData.Tag());
        model.Kind = (Kind)42;
        model.Field = Field.Unspecified;

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RegisterAsync(model));

        Assert.Equal(Problems.Reasons.InvalidArgument, e.Reason());
        var violations = e.BadRequest()!.FieldViolations.ToDictionary(v => v.Field);
        Assert.Contains("MODEL, EXEMPLAR_COLLECTIVE, EXEMPLAR_INDIVIDUAL", violations["dvkModel.kind"].Description);
        Assert.Contains("ECONOMY, CULTURE_SOCIETY, DEFENCE_SECURITY, PARTY_POLITICAL_SYSTEM", violations["dvkModel.field"].Description);
        Assert.Contains("phải là một trong các giá trị", e.VietnameseMessage());
    }

    [Theory]
    [InlineData(1989)]
    [InlineData(2101)]
    [InlineData(0)]
    public async Task A_year_outside_1990_2100_is_refused(int year)
    {
        var host = await HostAsync();
        var model = TestData.Model(TestData.Tag());
        model.Year = year;

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RegisterAsync(model));

        var violation = Assert.Single(e.BadRequest()!.FieldViolations);
        Assert.Equal("dvkModel.year", violation.Field);
        Assert.Contains("1990", violation.Description);
        Assert.Contains("Năm đăng ký", e.VietnameseMessage());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_or_too_long_name_is_refused(string? name)
    {
        var host = await HostAsync();
        var model = TestData.Model(TestData.Tag(), name: name ?? new string('ệ', DvkModelRules.MaxNameLength + 1));

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RegisterAsync(model));

        Assert.Equal("dvkModel.name", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains("Tên mô hình", e.VietnameseMessage());
    }

    [Fact]
    public async Task A_name_of_exactly_300_characters_is_accepted()
    {
        var host = await HostAsync();

        var created = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), name: new string('ệ', DvkModelRules.MaxNameLength)));

        Assert.Equal(DvkModelRules.MaxNameLength, created.Name.Length);
    }

    [Fact]
    public async Task Several_bad_fields_are_reported_at_once()
    {
        var host = await HostAsync();

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RegisterAsync(new DvkModel { StartDate = new Google.Type.Date { Year = 2024, Month = 2, Day = 30 } }));

        var fields = e.BadRequest()!.FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "dvkModel.kind", "dvkModel.name", "dvkModel.ownerUnit", "dvkModel.field", "dvkModel.year", "dvkModel.startDate" }, fields);
        Assert.StartsWith("Yêu cầu có", e.VietnameseMessage());
    }

    [Fact]
    public async Task A_malformed_code_is_refused()
    {
        var host = await HostAsync();
        var model = TestData.Model(TestData.Tag());
        model.Code = "DVK 2024 mô hình";

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RegisterAsync(model));

        Assert.Equal("dvkModel.code", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public async Task Bad_list_parameters_are_400()
    {
        var host = await HostAsync();

        var order = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OrderBy = "code; DROP TABLE dvk_models" }).ResponseAsync);
        Assert.Contains("\"updateTime desc\", \"name\", \"year desc\", \"relevance\"", order.Status.Detail);
        Assert.Equal("orderBy", Assert.Single(order.BadRequest()!.FieldViolations).Field);

        var relevance = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OrderBy = "relevance" }).ResponseAsync);
        Assert.Contains("từ khóa", relevance.VietnameseMessage());

        var status = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Status = (Status)77, Level = (Level)8, Year = 3000 }).ResponseAsync);
        Assert.Equal(["status", "level", "year"], status.BadRequest()!.FieldViolations.Select(v => v.Field));

        var token = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { PageToken = "not-a-token" }).ResponseAsync);
        Assert.Equal(Problems.Reasons.InvalidPageToken, token.Reason());

        var q = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Q = "?!" }).ResponseAsync);
        Assert.Equal("q", Assert.Single(q.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public async Task A_page_token_is_bound_to_its_filters()
    {
        var host = await HostAsync();
        var tag = TestData.Tag();
        await host.Editor.RegisterAsync(TestData.Model(tag));
        await host.Editor.RegisterAsync(TestData.Model(tag));
        var page = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), PageSize = 1 });

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListDvkModelsAsync(
            new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), PageSize = 1, OrderBy = "name", PageToken = page.NextPageToken }).ResponseAsync);

        Assert.Equal(Problems.Reasons.InvalidPageToken, e.Reason());
    }

    [Fact]
    public async Task More_than_100_ids_in_a_batch_get_is_400()
    {
        var host = await HostAsync();
        var request = new BatchGetDvkModelsRequest();
        request.Ids.AddRange(Enumerable.Range(0, 101).Select(i => $"id-{i}"));

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.BatchGetDvkModelsAsync(request).ResponseAsync);

        Assert.Equal("ids", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains("100", e.VietnameseMessage());
    }

    [Fact]
    public async Task An_update_mask_naming_an_output_only_field_is_400()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.UpdateDvkModelAsync(new UpdateDvkModelRequest
        {
            DvkModel = new DvkModel { Id = model.Id, Status = Status.Recognised },
            UpdateMask = new FieldMask { Paths = { "status" } },
        }).ResponseAsync);

        Assert.Equal("updateMask", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains(":transition", e.Status.Detail);
    }

    [Fact]
    public async Task Statistics_need_a_year_in_range()
    {
        var host = await HostAsync();

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Service.GetDvkStatisticsAsync(new GetDvkStatisticsRequest()).ResponseAsync);

        Assert.Equal("year", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }
}
