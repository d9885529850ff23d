using CuKhoi.Protos.Reports.V1;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// The contract's indicator codes, their Vietnamese labels and where each comes from.
/// The order here is the order of the JSON array, the CSV rows and the printed table.
/// </summary>
public static class Indicators
{
    public sealed record Definition(string Code, string LabelVi, string Source);

    public static readonly IReadOnlyList<Definition> All =
    [
        new("ARTICLES_PUBLISHED", "Số bài viết được đăng trên cổng thông tin", ReportSources.Articles),
        new("ARTICLE_VIEWS_TOTAL", "Tổng lượt xem các bài viết đăng trong năm", ReportSources.Articles),
        new("DVK_MODELS_REGISTERED", "Số mô hình, điển hình “Dân vận khéo” đăng ký", ReportSources.DvkModels),
        new("DVK_MODELS_RECOGNISED_WARD", "Số mô hình “Dân vận khéo” được phường công nhận", ReportSources.DvkModels),
        new("DVK_MODELS_RECOGNISED_DISTRICT", "Số mô hình “Dân vận khéo” được Quận công nhận, khen thưởng", ReportSources.DvkModels),
        new("DVK_MODELS_RECOGNISED_CITY", "Số mô hình “Dân vận khéo” được Thành phố công nhận, khen thưởng", ReportSources.DvkModels),
        new("CONTEST_ENTRIES_SUBMITTED", "Số bài dự thi viết về điển hình “Dân vận khéo” cấp phường", ReportSources.Contests),
        new("CONTEST_ENTRIES_FORWARDED_DISTRICT", "Số bài dự thi được gửi dự thi cấp Quận", ReportSources.Contests),
        new("CONTEST_ENTRIES_FORWARDED_CITY", "Số bài dự thi được Quận gửi dự thi cấp Thành phố", ReportSources.Contests),
    ];

    /// <summary>The report as the API serves it: the indicators of the services that answered.</summary>
    public static AnnualReport ToReport(AnnualFigures figures)
    {
        var report = new AnnualReport
        {
            Year = figures.Year,
            GenerateTime = Timestamp.FromDateTimeOffset(figures.GenerateTime),
        };
        report.Unavailable.AddRange(figures.Unavailable);
        foreach (var definition in All)
        {
            if (ValueOf(definition.Code, figures) is not { } figure)
            {
                continue;
            }

            var indicator = new Indicator { Code = definition.Code, LabelVi = definition.LabelVi, Value = figure.Value, Source = definition.Source };
            if (figure.Denominator is { } denominator)
            {
                indicator.Denominator = denominator;
            }

            report.Indicators.Add(indicator);
        }

        return report;
    }

    /// <summary>The figure behind a code, or null when its service did not answer.</summary>
    private static (long Value, long? Denominator)? ValueOf(string code, AnnualFigures f) => code switch
    {
        "ARTICLES_PUBLISHED" when f.Articles is { } a => (a.Published, null),
        "ARTICLE_VIEWS_TOTAL" when f.Articles is { } a => (a.Views, null),
        "DVK_MODELS_REGISTERED" when f.Dvk is { } d => (d.Registered, null),
        "DVK_MODELS_RECOGNISED_WARD" when f.Dvk is { } d => (d.RecognisedByLevel.GetValueOrDefault("WARD"), null),
        "DVK_MODELS_RECOGNISED_DISTRICT" when f.Dvk is { } d => (d.RecognisedByLevel.GetValueOrDefault("DISTRICT"), null),
        "DVK_MODELS_RECOGNISED_CITY" when f.Dvk is { } d => (d.RecognisedByLevel.GetValueOrDefault("CITY"), null),
        "CONTEST_ENTRIES_SUBMITTED" when f.Contests is { } c => (c.WardEntriesSubmitted, null),
        "CONTEST_ENTRIES_FORWARDED_DISTRICT" when f.Contests is { } c => (c.ReachedDistrict, c.WardEntriesSubmitted),
        "CONTEST_ENTRIES_FORWARDED_CITY" when f.Contests is { } c => (c.ReachedCity, c.WardEntriesSubmitted),
        _ => null,
    };
}
