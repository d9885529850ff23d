using CuKhoi.Gateway.Extensions;
using CuKhoi.Gateway.Reports;
using CuKhoi.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

// Not AddServiceDefaults: the gateway is the public door and takes no internal token.
builder.AddHostDefaults();
builder.AddDatabase("gateway", typeof(Program).Assembly);
builder.AddDownstreamServices();
builder.AddGatewayServices();
builder.AddReports();

var app = builder.Build();

app.UseGatewayPipeline();
app.MapForwarders();
app.MapReports();
app.MapGatewayEndpoints();

app.Run();
