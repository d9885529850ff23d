using CuKhoi.Contests.Data;
using CuKhoi.Contests.Grpc;
using CuKhoi.Contests.Seed;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Downstream;

namespace CuKhoi.Contests.Extensions;

public static class ApplicationExtensions
{
    /// <summary>Repositories, the DVK service client (to confirm models) and the sample data.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContestRepository>();
        builder.Services.AddSingleton<EntryRepository>();
        builder.AddDownstream<DvkModelService.DvkModelServiceClient>("dvk-models", "DvkModels");
        builder.Services.AddSingleton<DvkModelLookup>();
        builder.Services.AddSingleton<ISampleSeeder, ContestSampleSeeder>();
        return builder;
    }
}
