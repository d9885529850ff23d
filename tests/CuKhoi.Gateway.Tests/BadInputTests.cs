using System.Net;
using System.Net.Http.Headers;
using CuKhoi.Gateway.Tests.Support;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// What the caller got wrong never becomes a 500 and always has the contract's shape, and
/// none of it reaches a service.
/// </summary>
public sealed class BadInputTests(GatewayWithFake fixture) : IClassFixture<GatewayWithFake>
{
    private const string Admin = GatewayFactory.AdminKey;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Malformed_json_is_400_malformed_request_saying_where()
    {
        var calls = fixture.Fake.Articles.Calls;
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title": "Hội nghị",""", Admin);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        Assert.Contains("line 1", error.GetProperty("message").GetString());
        Assert.Equal(calls, fixture.Fake.Articles.Calls);
    }

    [Fact]
    public async Task Invalid_utf8_is_400_invalid_utf8()
    {
        var calls = fixture.Fake.Articles.Calls;
        var request = Rest.Request(HttpMethod.Post, "/api/v1/articles", key: Admin);
        request.Content = new ByteArrayContent([.. "{\"title\":\"D"u8, 0xC3, 0x28, .. "\"}"u8]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await Client.SendAsync(request).WaitAsync(Rest.Timeout);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_UTF8");
        Assert.Equal(calls, fixture.Fake.Articles.Calls);
    }

    [Fact]
    public async Task An_unknown_enum_name_in_the_body_lists_the_allowed_names()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"x","status":"PUBLISHEDD"}""", Admin);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE");
        var violation = Assert.Single(Rest.Violations(error));
        Assert.Equal("article.status", violation.Field);
        Assert.Contains("DRAFT, PENDING_REVIEW, PUBLISHED, UNPUBLISHED, ARCHIVED", violation.Description);
        Assert.DoesNotContain("STATUS_UNSPECIFIED", violation.Description);
    }

    [Fact]
    public async Task An_unknown_enum_name_in_the_query_lists_the_allowed_names()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/api/v1/dvk-models?level=PROVINCE");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE");
        var violation = Assert.Single(Rest.Violations(error));
        Assert.Equal("level", violation.Field);
        Assert.Contains("WARD, DISTRICT, CITY, CENTRAL", violation.Description);
        var vi = Rest.Detail(error, "google.rpc.LocalizedMessage")!.Value.GetProperty("message").GetString();
        Assert.Contains("không phải giá trị hợp lệ", vi);
    }

    [Fact]
    public async Task A_value_of_the_wrong_json_type_is_400_malformed_request()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":{"vi":"x"}}""", Admin);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Theory]
    [InlineData("/api/v1/articles?pageSize=many")]
    [InlineData("/api/v1/articles?publishedAfter=yesterday")]
    public async Task A_query_value_that_does_not_parse_is_400(string url)
    {
        var response = await Client.SendAsync(HttpMethod.Get, url);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400_unsupported_content_type()
    {
        var request = Rest.Request(HttpMethod.Post, "/api/v1/articles", key: Admin);
        request.Content = new StringContent("<article><title>x</title></article>", System.Text.Encoding.UTF8, "application/xml");

        var response = await Client.SendAsync(request).WaitAsync(Rest.Timeout);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "UNSUPPORTED_CONTENT_TYPE");
    }

    [Fact]
    public async Task Json_sent_as_curl_sends_it_is_read_as_json_and_a_form_body_is_malformed()
    {
        var json = Rest.Request(HttpMethod.Post, "/api/v1/articles", key: Admin);
        json.Content = new StringContent("""{"title":"Gửi bằng curl -d"}""", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var form = Rest.Request(HttpMethod.Post, "/api/v1/articles", key: Admin);
        form.Content = new StringContent("title=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var accepted = await Client.SendAsync(json).WaitAsync(Rest.Timeout);
        var refused = await Client.SendAsync(form).WaitAsync(Rest.Timeout);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("Gửi bằng curl -d", (await accepted.JsonAsync()).GetProperty("title").GetString());
        await refused.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task An_unknown_route_is_404_in_the_same_shape()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/api/v1/nothing-here");

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "ROUTE_NOT_FOUND");
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_is_405_in_the_same_shape()
    {
        var response = await Client.SendAsync(HttpMethod.Put, "/api/v1/articles/abc", "{}", Admin);

        await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_the_same_shape()
    {
        var calls = fixture.Fake.Articles.Calls;
        var huge = $$"""{"title":"x","body":"{{new string('a', 2 * 1024 * 1024)}}"}""";

        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", huge, Admin);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
        Assert.Equal(calls, fixture.Fake.Articles.Calls);
    }

    [Fact]
    public async Task Internal_rpcs_are_not_forwarded()
    {
        var calls = fixture.Fake.Articles.Calls;
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress(fixture.Gateway.Server.BaseAddress, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = fixture.Gateway.Server.CreateHandler() });
        var client = new CuKhoi.Protos.Articles.V1.ArticleService.ArticleServiceClient(channel);

        var error = await CuKhoi.Testing.RpcAssert.ThrowsAsync(Grpc.Core.StatusCode.Unimplemented, () =>
            client.GetArticleStatisticsAsync(new() { Year = 2020 }, new Grpc.Core.Metadata { { "authorization", $"Bearer {Admin}" } }).ResponseAsync.WaitAsync(Rest.Timeout));

        Assert.Equal(calls, fixture.Fake.Articles.Calls);
        Assert.DoesNotContain("Exception", error.Status.Detail);
    }
}
