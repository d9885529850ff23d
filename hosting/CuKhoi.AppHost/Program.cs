using CuKhoi.AppHost;

// The whole system on one machine: three services on 127.0.0.1:5101-5103, the gateway on
// :8080 (REST) and :8081 (gRPC), sample data on, databases under <repo>/data/.
var builder = DistributedApplication.CreateBuilder(args);

var settings = RunSettings.From(builder);
settings.Print();

var articles = builder.AddService<Projects.CuKhoi_Articles>("articles", Ports.Articles, settings);
var dvkModels = builder.AddService<Projects.CuKhoi_DvkModels>("dvk-models", Ports.DvkModels, settings);
var contests = builder.AddService<Projects.CuKhoi_Contests>("contests", Ports.Contests, settings)
    .WithEnvironment("Services__DvkModels__Address", Ports.Url(Ports.DvkModels))
    .WaitFor(dvkModels);

builder.AddHost<Projects.CuKhoi_Gateway>("gateway", settings)
    .WithEnvironment("CUKHOI_ADMIN_KEY", settings.AdminKey)
    .WithEnvironment("Services__Articles__Address", Ports.Url(Ports.Articles))
    .WithEnvironment("Services__DvkModels__Address", Ports.Url(Ports.DvkModels))
    .WithEnvironment("Services__Contests__Address", Ports.Url(Ports.Contests))
    .WithUrl(Ports.Gateway("/docs"), "REST docs")
    .WithUrl(Ports.Gateway("/openapi/v1.json"), "OpenAPI")
    .WithUrl(Ports.Gateway("/api/v1/reports/annual/2020"), "Report 2020")
    .WaitFor(articles)
    .WaitFor(dvkModels)
    .WaitFor(contests);

builder.Build().Run();
