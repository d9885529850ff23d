using CuKhoi.Articles.Data;
using CuKhoi.Articles.Domain;
using CuKhoi.Articles.Seed;
using CuKhoi.ServiceDefaults.Data;

namespace CuKhoi.Articles.Extensions;

public static class ApplicationExtensions
{
    /// <summary>The articles service's own parts: repository, view counter, HTML sanitiser, options and sample data.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        // From the built configuration: a test host's settings arrive only at Build().
        builder.Services.AddSingleton(sp => ArticleOptions.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<ArticleRepository>();
        builder.Services.AddSingleton<ViewCounter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ViewCounter>());
        builder.Services.AddSingleton<ArticleHtml>();
        builder.Services.AddSingleton<ISampleSeeder, ArticleSampleSeeder>();
        return builder;
    }
}
