using CuKhoi.Articles.Grpc;
using CuKhoi.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>The real articles service in process, on its own temp database.</summary>
public sealed class ArticlesFactory(TestDatabase database) : ServiceFactory<ArticleServiceImpl>(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The database is chosen while Program runs, before factory app configuration applies.
        foreach (var (key, value) in Database.Settings().Append(new("Internal:Token", InternalToken)))
        {
            builder.UseSetting(key, value);
        }
    }
}
