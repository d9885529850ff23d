using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;

namespace CuKhoi.DvkModels.Tests;

/// <summary>Pure rules: recognitions, the district cut-off, codes, search words.</summary>
public class DomainRulesTests
{
    private static readonly DateOnly Today = new(2026, 1, 15);

    [Theory]
    [InlineData(2020, 12, 18)]
    [InlineData(2025, 6, 30)]
    public void District_recognitions_before_July_2025_are_accepted(int year, int month, int day) =>
        RecognitionRules.Validate(TestData.Recognition(Level.District, year, month, day), Today);

    [Theory]
    [InlineData(2025, 7, 1)]
    [InlineData(2025, 12, 1)]
    public void District_recognitions_from_July_2025_are_refused(int year, int month, int day)
    {
        var e = Assert.Throws<RpcException>(() => RecognitionRules.Validate(TestData.Recognition(Level.District, year, month, day), Today));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(DvkReasons.DistrictLevelAbolished, e.Reason());
        Assert.Contains("1 July 2025", e.Status.Detail);
        Assert.Contains("01/7/2025", e.VietnameseMessage());
        Assert.Equal("recognition.level", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public void Other_levels_after_July_2025_are_accepted()
    {
        RecognitionRules.Validate(TestData.Recognition(Level.Ward, 2025, 8, 1), Today);
        RecognitionRules.Validate(TestData.Recognition(Level.City, 2025, 8, 1), Today);
    }

    [Theory]
    [InlineData(2020, 2020, true)]
    [InlineData(2020, 2021, true)] // a 2020 commendation signed in January 2021
    [InlineData(2020, 2022, false)]
    [InlineData(2020, 2019, false)]
    public void The_decision_falls_in_the_recognition_year_or_the_next(int year, int decisionYear, bool valid)
    {
        var recognition = TestData.Recognition(Level.Ward, year);
        recognition.DecisionDate.Year = decisionYear;
        recognition.DecisionDate.Month = 1;
        recognition.DecisionDate.Day = 10;

        if (valid)
        {
            RecognitionRules.Validate(recognition, Today);
        }
        else
        {
            var e = Assert.Throws<RpcException>(() => RecognitionRules.Validate(recognition, Today));
            Assert.Equal("recognition.decisionDate", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        }
    }

    [Fact]
    public void A_decision_dated_in_the_future_is_refused()
    {
        var e = Assert.Throws<RpcException>(() => RecognitionRules.Validate(TestData.Recognition(Level.Ward, 2026, 1, 16), Today));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("recognition.decisionDate", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public void The_highest_level_is_central_over_city_over_district_over_ward()
    {
        Assert.Equal(Level.Unspecified, RecognitionRules.HighestLevel([]));
        Assert.Equal(Level.District, RecognitionRules.HighestLevel([TestData.Recognition(Level.Ward), TestData.Recognition(Level.District)]));
        Assert.Equal(Level.Central, RecognitionRules.HighestLevel([TestData.Recognition(Level.Central), TestData.Recognition(Level.City)]));
    }

    [Fact]
    public void Codes_are_assigned_per_year_after_the_highest_taken()
    {
        Assert.Equal("DVK-2024-01", DvkModelRules.AssignCode(2024, []));
        Assert.Equal("DVK-2024-08", DvkModelRules.AssignCode(2024, ["DVK-2024-01", "DVK-2024-07", "DVK-2023-09", "DVK-2024-X"]));
        Assert.Equal("DVK-2024-100", DvkModelRules.AssignCode(2024, ["DVK-2024-99"]));
    }

    [Theory]
    [InlineData("Dân vận khéo", "dan van kheo")]
    [InlineData("  DÂN VẬN, khéo! ", "dan van kheo")]
    [InlineData("Đảng ủy", "dang uy")]
    [InlineData("GPMB", "gpmb")]
    [InlineData("?!", "")]
    public void Search_words_are_folded_letters_and_digits(string q, string expected) =>
        Assert.Equal(expected, string.Join(' ', DvkSearchSql.Tokens(q)));

    [Fact]
    public void Update_masks_take_either_spelling_and_refuse_other_fields()
    {
        var patch = new DvkModel { Name = "Tên mới" };

        Assert.Equal(["name"], DvkModelPatch.Paths(null, patch));
        Assert.Equal(["owner_unit", "start_date"], DvkModelPatch.Paths(new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "ownerUnit", "start_date" } }, patch));
        var e = Assert.Throws<RpcException>(() => DvkModelPatch.Paths(new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "status" } }, patch));
        Assert.Equal("updateMask", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains("owner_unit", e.Status.Detail);
    }
}
