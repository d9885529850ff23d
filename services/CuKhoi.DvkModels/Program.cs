using CuKhoi.DvkModels.Extensions;
using CuKhoi.DvkModels.Grpc;
using CuKhoi.ServiceDefaults;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddDatabase("dvk-models", typeof(Program).Assembly);
builder.AddApplicationServices();

var app = builder.Build();

app.MapGrpcService<DvkModelServiceImpl>();
app.MapDefaultEndpoints();

app.Run();
