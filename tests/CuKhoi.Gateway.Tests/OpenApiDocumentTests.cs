using System.Net;
using System.Text.Json;
using CuKhoi.Gateway.Rules;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Reports.V1;
using Google.Api;
using Google.Protobuf.Reflection;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// /openapi/v1.json as client generators read it: made from the protos (operationId = rpc,
/// summaries from the proto comments), one template per resource, a key required exactly
/// where the rpc's rule names a scope, and the REST answers and errors each operation has.
/// The full lint is scripts/openapi-lint.sh (redocly, in CI).
/// </summary>
public sealed class OpenApiDocumentTests(GatewayWithFake fixture) : IClassFixture<GatewayWithFake>
{
    /// <summary>Every rpc with a REST route, as the gateway serves it.</summary>
    public static TheoryData<string> RestRpcs()
    {
        var data = new TheoryData<string>();
        foreach (var method in Services.SelectMany(s => s.Methods).Where(m => m.GetOptions()?.HasExtension(AnnotationsExtensions.Http) == true))
        {
            data.Add(method.FullName);
        }

        return data;
    }

    private static readonly ServiceDescriptor[] Services = [ArticleService.Descriptor, DvkModelService.Descriptor, ContestService.Descriptor, ReportService.Descriptor];

    [Theory]
    [MemberData(nameof(RestRpcs))]
    public async Task Each_rpc_is_one_operation_named_after_it_with_its_proto_comment_and_its_rules_security(string rpc)
    {
        var method = Services.SelectMany(s => s.Methods).Single(m => m.FullName == rpc);
        var operations = (await OperationsAsync()).Where(o => o.Operation.GetProperty("operationId").GetString() == method.Name).ToList();

        var (path, verb, operation) = Assert.Single(operations);
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{rpc} has no summary: its proto comment is missing");
        Assert.DoesNotContain('.', string.Concat(path.Split('{').Skip(1).Select(v => v[..v.IndexOf('}')])));
        var security = operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).SingleOrDefault()).ToList();
        var scope = RpcRules.For(method).RequiredScope;
        // Public: `{}` (no key) or the key; scoped: the key only.
        Assert.Equal(scope is null ? new string?[] { null, "ApiKey" } : ["ApiKey"], security);
        Assert.Contains(operation.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('4'));
        if (RpcRules.For(method).Location is not null)
        {
            Assert.True(operation.GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty("Location", out _), $"{verb} {path}");
        }
    }

    [Fact]
    public async Task Patch_is_shown_under_the_template_of_the_resource_it_updates()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var (template, verbs) in new[] { ("/api/v1/articles/{id}", "get patch delete"), ("/api/v1/dvk-models/{id}", "get patch delete"), ("/api/v1/contests/{contestId}/entries/{id}", "get patch") })
        {
            Assert.Equal(verbs.Split(' ').Order(), paths.GetProperty(template).EnumerateObject().Select(p => p.Name).Order());
        }

        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains(".id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_take_an_idempotency_key_and_if_match_and_reads_by_id_if_none_match()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        Assert.Contains("IdempotencyKey", Parameters(paths.GetProperty("/api/v1/articles").GetProperty("post")));
        Assert.Contains("IfMatch", Parameters(paths.GetProperty("/api/v1/articles/{id}").GetProperty("patch")));
        Assert.Contains("IfMatch", Parameters(paths.GetProperty("/api/v1/articles/{id}:publish").GetProperty("post")));
        Assert.Contains("IfNoneMatch", Parameters(paths.GetProperty("/api/v1/articles/{id}").GetProperty("get")));
        Assert.True(paths.GetProperty("/api/v1/articles/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("304", out _));
        Assert.True(paths.GetProperty("/api/v1/articles/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(paths.GetProperty("/api/v1/articles:export").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
    }

    [Fact]
    public async Task Schemas_follow_the_proto3_json_mapping_and_list_enum_values_with_their_meaning()
    {
        var components = (await DocumentAsync()).GetProperty("components");
        var article = components.GetProperty("schemas").GetProperty("Articles.V1.Article").GetProperty("properties");

        Assert.Equal("string", article.GetProperty("viewCount").GetProperty("type").GetString());
        Assert.Equal("date-time", article.GetProperty("publishTime").GetProperty("format").GetString());
        Assert.True(article.GetProperty("id").GetProperty("readOnly").GetBoolean());
        var status = components.GetProperty("schemas").GetProperty("Articles.V1.Article.Status");
        Assert.Contains("PUBLISHED", status.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("`DRAFT`: Being written", status.GetProperty("description").GetString());
        var details = components.GetProperty("schemas").GetProperty("Google.Rpc.Status").GetProperty("properties").GetProperty("details");
        Assert.Equal(3, details.GetProperty("items").GetProperty("oneOf").GetArrayLength());
        Assert.True(components.GetProperty("responses").GetProperty("TooManyRequests").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }

    private static IEnumerable<string> Parameters(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => p.TryGetProperty("$ref", out var r) ? r.GetString()!.Split('/')[^1] : p.GetProperty("name").GetString()!);

    private async Task<List<(string Path, string Verb, JsonElement Operation)>> OperationsAsync() =>
        (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(v => (p.Name, v.Name, v.Value)))
            .ToList();

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
