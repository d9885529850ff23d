using CuKhoi.Articles.Extensions;
using CuKhoi.Articles.Grpc;
using CuKhoi.ServiceDefaults;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddDatabase("articles", typeof(Program).Assembly);
builder.AddApplicationServices();

var app = builder.Build();

app.MapGrpcService<ArticleServiceImpl>();
app.MapDefaultEndpoints();

app.Run();
