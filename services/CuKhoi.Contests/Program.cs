using CuKhoi.Contests.Extensions;
using CuKhoi.Contests.Grpc;
using CuKhoi.ServiceDefaults;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddDatabase("contests", typeof(Program).Assembly);
builder.AddApplicationServices();

var app = builder.Build();

app.MapGrpcService<ContestServiceImpl>();
app.MapDefaultEndpoints();

app.Run();
