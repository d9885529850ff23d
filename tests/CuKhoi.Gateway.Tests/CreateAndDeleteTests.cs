using System.Net;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Contests.V1;
using Microsoft.Extensions.Primitives;

namespace CuKhoi.Gateway.Tests;

/// <summary>201 + Location for every create of the contract, 204 for deletes, masks on nested routes.</summary>
public sealed class CreateAndDeleteTests(GatewayWithFake fixture) : IClassFixture<GatewayWithFake>
{
    private const string Admin = GatewayFactory.AdminKey;

    [Theory]
    [InlineData("/api/v1/dvk-models", """{"name":"Dân vận khéo trong GPMB"}""", "/api/v1/dvk-models/m1")]
    [InlineData("/api/v1/dvk-models/m7/recognitions", """{"level":"DISTRICT","kind":"RECOGNITION","year":2020}""", "/api/v1/dvk-models/m7")]
    [InlineData("/api/v1/contests", """{"name":"Cuộc thi viết 2020","level":"WARD"}""", "/api/v1/contests/c1")]
    [InlineData("/api/v1/contests/c9/entries", """{"title":"Người tổ trưởng"}""", "/api/v1/contests/c9/entries/e1")]
    public async Task Creates_answer_201_with_the_location_of_what_they_created(string route, string body, string location)
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Post, route, body, Admin);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task A_soft_delete_is_204_too()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Delete, "/api/v1/dvk-models/m1", key: Admin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentType);
    }

    [Fact]
    public async Task A_patch_of_a_nested_resource_gets_its_mask_and_if_match_inside_the_resource()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Patch, "/api/v1/contests/c1/entries/e1", """{"title":"Mới","subject":{"kind":"MODEL"},"etag":"ignored"}""", Admin, ("If-Match", "\"v5\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = await response.JsonAsync();
        Assert.Equal("title,subject", entry.GetProperty("title").GetString());
        Assert.Equal("v5", entry.GetProperty("etag").GetString());
    }

    [Theory]
    [InlineData("\"v3\"", "v3")]
    [InlineData("W/\"v3\"", "v3")]
    [InlineData("\"v3\", \"v4\"", "v3")]
    [InlineData("*", null)]
    [InlineData("", null)]
    public void If_Match_yields_the_first_opaque_tag(string header, string? expected) =>
        Assert.Equal(expected, EntityTags.FirstOpaque(new StringValues(header)));

    [Theory]
    [InlineData("\"v1\"", true)]
    [InlineData("W/\"v1\"", true)]
    [InlineData("\"v0\", \"v1\"", true)]
    [InlineData("*", true)]
    [InlineData("\"v2\"", false)]
    public void If_None_Match_compares_weakly(string header, bool matches) =>
        Assert.Equal(matches, EntityTags.Matches(new StringValues(header), "v1"));

    [Fact]
    public void Route_templates_render_from_messages_and_refuse_missing_values()
    {
        Assert.Equal("/api/v1/contests/c%2F1/entries/e1", ProtoMethods.Render("/api/v1/contests/{contest_id}/entries/{id}", new ContestEntry { ContestId = "c/1", Id = "e1" }));
        Assert.Equal("/api/v1/contests/c1/entries/e1", ProtoMethods.Render("/api/v1/contests/{entry.contest_id}/entries/{entry.id}", new UpdateEntryRequest { Entry = new ContestEntry { ContestId = "c1", Id = "e1" } }));
        Assert.Null(ProtoMethods.Render("/api/v1/contests/{id}", new Contest()));
    }
}
