namespace CuKhoi.Articles.Extensions;

/// <summary>Tunables of the articles service (config section `Articles`).</summary>
public sealed record ArticleOptions(int ExportBatchSize)
{
    public static ArticleOptions From(IConfiguration configuration) =>
        new(Math.Max(1, configuration.GetValue("Articles:ExportBatchSize", 500)));
}
