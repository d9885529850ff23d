using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;

namespace CuKhoi.DvkModels.Domain;

/// <summary>
/// What a recognition decision must carry, and the one rule history imposes: district-level
/// units were abolished on 1 July 2025, so a DISTRICT decision dated on or after that day
/// cannot exist (the 2020 district recognitions before it stay valid).
/// </summary>
public static class RecognitionRules
{
    public static readonly DateOnly DistrictLevelAbolishedOn = new(2025, 7, 1);

    public const int MaxDecisionNumberLength = 64;
    public const int MaxIssuerLength = 300;
    public const int MaxNoteLength = 2000;

    /// <summary>
    /// Field checks (400 with every bad field), then the district rule (400 FAILED_PRECONDITION).
    /// The decision date may fall in the recognition year or the next one: year-end
    /// commendations are often signed in January (the 2020 conference itself met on 7 January 2021).
    /// </summary>
    public static void Validate(Recognition? recognition, DateOnly today)
    {
        if (recognition is null)
        {
            throw Problems.InvalidArgument("recognition", "recognition is required.", "Thông tin công nhận là bắt buộc.");
        }

        var validation = new Validation()
            .RequiredEnum("recognition.level", recognition.Level, "level", "Cấp công nhận")
            .RequiredEnum("recognition.kind", recognition.Kind, "kind", "Hình thức")
            .Range("recognition.year", recognition.Year, DvkModelRules.MinYear, DvkModelRules.MaxYear, "year", "Năm công nhận")
            .Required("recognition.decisionNumber", recognition.DecisionNumber, "decisionNumber", "Số quyết định")
            .MaxLength("recognition.decisionNumber", recognition.DecisionNumber, MaxDecisionNumberLength, "decisionNumber", "Số quyết định")
            .MaxLength("recognition.issuer", recognition.Issuer, MaxIssuerLength, "issuer", "Cơ quan ban hành")
            .MaxLength("recognition.note", recognition.Note, MaxNoteLength, "note", "Ghi chú");

        if (recognition.DecisionDate is null)
        {
            validation.Add("recognition.decisionDate", "decisionDate is required.", "Ngày quyết định là bắt buộc.");
        }
        else if (!CalendarDates.TryGet(recognition.DecisionDate, out var date))
        {
            validation.Add("recognition.decisionDate", "decisionDate must be a valid calendar date.", "Ngày quyết định phải là một ngày hợp lệ.");
        }
        else if (date > today)
        {
            validation.Add("recognition.decisionDate", "decisionDate cannot be in the future.", "Ngày quyết định không được ở tương lai.");
        }
        else if (recognition.Year is >= DvkModelRules.MinYear and <= DvkModelRules.MaxYear && date.Year != recognition.Year && date.Year != recognition.Year + 1)
        {
            validation.Add(
                "recognition.decisionDate",
                $"decisionDate must fall in the recognition year {recognition.Year} or early in the next one.",
                $"Ngày quyết định phải thuộc năm công nhận {recognition.Year} hoặc năm liền sau.");
        }

        validation.ThrowIfInvalid();
        EnsureLevelExisted(recognition.Level, DateOf(recognition));
    }

    /// <summary>Refuses a DISTRICT decision dated on or after 2025-07-01.</summary>
    public static void EnsureLevelExisted(Level level, DateOnly decisionDate)
    {
        if (level == Level.District && decisionDate >= DistrictLevelAbolishedOn)
        {
            throw Problems.Create(
                global::Grpc.Core.StatusCode.FailedPrecondition,
                DvkReasons.DistrictLevelAbolished,
                "District-level units were abolished on 1 July 2025 (two-tier local government), so a DISTRICT recognition must be dated before 2025-07-01; use WARD, CITY or CENTRAL.",
                "Từ ngày 01/7/2025 cấp quận, huyện đã chấm dứt hoạt động (chính quyền địa phương hai cấp), nên quyết định công nhận cấp Quận phải có ngày trước 01/7/2025; hãy chọn cấp Phường, Thành phố hoặc Trung ương.",
                [Problems.Violation(
                    "recognition.level",
                    "DISTRICT is not a level for decisions dated on or after 2025-07-01.",
                    "Cấp Quận không còn áp dụng cho quyết định từ ngày 01/7/2025.",
                    DvkReasons.DistrictLevelAbolished)],
                new Dictionary<string, string> { ["abolishedOn"] = "2025-07-01" });
        }
    }

    /// <summary>The highest level among the recognitions: CENTRAL &gt; CITY &gt; DISTRICT &gt; WARD.</summary>
    public static Level HighestLevel(IEnumerable<Recognition> recognitions) =>
        recognitions.Select(r => r.Level).DefaultIfEmpty(Level.Unspecified).Max();

    private static DateOnly DateOf(Recognition recognition) =>
        CalendarDates.TryGet(recognition.DecisionDate, out var date) ? date : throw new InvalidOperationException("validated above");
}
