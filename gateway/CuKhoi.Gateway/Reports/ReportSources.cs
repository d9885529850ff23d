namespace CuKhoi.Gateway.Reports;

/// <summary>The services a report draws on, by the names the contract uses in `source` and `unavailable`.</summary>
public static class ReportSources
{
    public const string Articles = "articles";
    public const string DvkModels = "dvk-models";
    public const string Contests = "contests";

    /// <summary>What a reader of the printed report calls each source.</summary>
    public static string NameVi(string source) => source switch
    {
        Articles => "Tin bài",
        DvkModels => "Mô hình “Dân vận khéo”",
        Contests => "Cuộc thi viết",
        _ => source,
    };
}
