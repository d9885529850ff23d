using CuKhoi.Articles.Grpc;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Extensions;
using CuKhoi.Gateway.Reports;
using CuKhoi.Gateway.Rules;
using CuKhoi.Gateway.Tests.Protos;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Gateway.V1;
using CuKhoi.Protos.Reports.V1;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Gateway.Tests;

/// <summary>The one declaration per RPC: read from the protos, checked at start, refused when missing or unworkable.</summary>
public sealed class RulesTests
{
    private static readonly ServiceDescriptor[] Public = [ArticleService.Descriptor, DvkModelService.Descriptor, ContestService.Descriptor, ReportService.Descriptor];

    private static IEnumerable<MethodDescriptor> PublicMethods => Public.SelectMany(s => s.Methods);

    [Fact]
    public void Every_rpc_of_the_public_services_declares_a_rule_that_works()
    {
        Assert.All(PublicMethods, m => Assert.NotNull(RpcRules.For(m)));
    }

    [Fact]
    public void Exports_need_reports_read_and_every_audited_call_is_a_write_needing_its_area_write_scope()
    {
        var rules = PublicMethods.Select(RpcRules.For).ToList();
        Assert.All(rules.Where(r => r.Streams), r => Assert.Equal(Scopes.ReportsRead, r.RequiredScope));
        Assert.All(rules.Where(r => r.Streams), r => Assert.True(r.IsRead));
        Assert.All(rules.Where(r => r.Audited), r => Assert.False(r.IsRead));
        Assert.All(rules.Where(r => r.Audited), r => Assert.EndsWith(":write", r.RequiredScope));
        Assert.Equal(3, rules.Count(r => r.Streams));
    }

    [Fact]
    public void The_rules_say_what_the_contract_says_for_the_calls_that_differ()
    {
        var view = RpcRules.For(ArticleService.Descriptor.FindMethodByName("RecordView"));
        Assert.Null(view.RequiredScope);      // anonymous
        Assert.False(view.IsRead);            // never retried: a view could count twice
        Assert.False(view.Audited);           // it would flood the trail
        Assert.True(view.ViewLimited);

        Assert.Null(RpcRules.For(ReportService.Descriptor.FindMethodByName("GetAnnualReport")).RequiredScope);
        Assert.Equal(Scopes.Admin, RpcRules.For(ArticleService.Descriptor.FindMethodByName("GetArticleStatistics")).RequiredScope);
        Assert.Equal("/api/v1/contests/{contest_id}/entries/{id}", RpcRules.For(ContestService.Descriptor.FindMethodByName("SubmitEntry")).Location);
        Assert.Equal("cukhoi.articles.v1.ArticleService/CreateArticle", RpcRules.For(ArticleService.Descriptor.FindMethodByName("CreateArticle")).Action);
    }

    [Fact]
    public void The_internal_backup_every_service_serves_declares_a_rule_too_an_admin_only_write()
    {
        // Never forwarded (its admin route calls it), but declared like every rpc in protos/.
        var backup = RpcRules.For(CuKhoi.Protos.Operations.V1.OperationsService.Descriptor.FindMethodByName("BackupDatabase"));

        Assert.Equal(Rule.Types.Access.Internal, backup.Declared.Access);
        Assert.Equal(Scopes.Admin, backup.RequiredScope);
        Assert.False(backup.IsRead);
    }

    [Fact]
    public void Probes_and_reflection_are_public_reads_by_the_framework_table()
    {
        var health = RpcRules.For(Grpc.Health.V1.Health.Descriptor.FindMethodByName("Check"));
        Assert.Null(health.RequiredScope);
        Assert.True(health.IsRead);
        Assert.Null(RpcRules.For(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.FindMethodByName("ServerReflectionInfo")).RequiredScope);
    }

    [Fact]
    public void A_method_without_a_rule_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidOperationException>(() => RpcRules.For(UndeclaredService.Descriptor.FindMethodByName("Forgotten")));
        Assert.Contains("cukhoi.gateway.test.v1.UndeclaredService.Forgotten has no (cukhoi.gateway.v1.rule)", e.Message);
    }

    [Theory]
    [InlineData("UnknownScope", "SCOPED needs a scope")]
    [InlineData("NoKind", "kind must be READ or WRITE")]
    [InlineData("StreamingWrite", "only server-streaming reads")]
    [InlineData("LocationOfNothing", "location variable {id} is not a field of google.protobuf.Empty")]
    public void A_rule_that_cannot_work_is_refused_saying_why(string method, string reason)
    {
        var e = Assert.Throws<InvalidOperationException>(() => RpcRules.For(MisdeclaredService.Descriptor.FindMethodByName(method)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_when_a_served_method_has_no_rule()
    {
        await using var app = GatewayWith(map => map.MapGrpcService<Undeclared>().WithRpcRules());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(app));
        Assert.Contains("UndeclaredService.Forgotten", e.Message);
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_when_a_service_is_mapped_without_its_rules()
    {
        await using var app = GatewayWith(map => map.MapGrpcService<Undeclared>());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(app));
        Assert.Contains("/cukhoi.gateway.test.v1.UndeclaredService/Declared", e.Message);
    }

    [Fact]
    public async Task A_gateway_whose_methods_all_have_rules_starts_and_carries_them_as_endpoint_metadata()
    {
        await using var app = GatewayWith(_ => { });
        await StartAsync(app);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).ToList();
        var transcoded = endpoints.Single(e => e is RouteEndpoint { RoutePattern.RawText: "/api/v1/articles/{id}:view" });
        Assert.True(transcoded.Metadata.GetMetadata<EndpointRule>()!.ViewLimited);
        Assert.Equal(AccessPolicies.Public, transcoded.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()!.Policy);
    }

    /// <summary>
    /// The gateway composed as Program composes it (its services, forwarders, reports, admin and
    /// probe endpoints) plus what the test maps, in process; starting it runs Program's check.
    /// </summary>
    private static WebApplication GatewayWith(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Internal:Token"] = ServiceFactory<ArticleServiceImpl>.InternalToken;
        foreach (var service in new[] { "Articles", "DvkModels", "Contests" })
        {
            builder.Configuration[$"Services:{service}:Address"] = "http://127.0.0.1:1";
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDownstreamServices();
        builder.AddGatewayServices();
        builder.AddReports();
        var app = builder.Build();
        app.MapForwarders();
        app.MapReports();
        app.MapGatewayEndpoints();
        map(app);
        return app;
    }

    private static Task StartAsync(WebApplication app)
    {
        app.EnsureEveryRpcHasARule();
        return app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class Undeclared : UndeclaredService.UndeclaredServiceBase;
}
