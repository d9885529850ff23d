using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Seed;
using CuKhoi.ServiceDefaults.Data;

namespace CuKhoi.DvkModels.Extensions;

public static class ApplicationExtensions
{
    /// <summary>The repository and the sample data (loaded only when `Seed:Sample=true`).</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DvkModelRepository>();
        builder.Services.AddSingleton<ISampleSeeder, DvkSampleSeeder>();
        return builder;
    }
}
