using System.Net;
using System.Text.Json;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static CuKhoi.Testing.WireBytes;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// A read is relayed as the service wrote it (not decoded and encoded again): to a gRPC caller
/// byte for byte, to a REST caller as JSON written from those bytes (RelayedJson), with its
/// ETag, 304 and Content-Length.
/// </summary>
public sealed class RelayTests(GatewayWithFake fixture) : IClassFixture<GatewayWithFake>, IDisposable
{
    // An answer no protobuf encoder writes: the title (field 3) before the id (field 1), and a
    // field 900 this gateway's Article does not know (as from a newer articles service).
    private static readonly byte[] Wire = [
        .. Field(3, "Bài chuyển nguyên văn"),
        .. Field(1, "relay-1"),
        .. Field(900, "trường mới"),
    ];

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = fixture.Gateway.Server.CreateHandler() });

    public void Dispose()
    {
        fixture.Fake.Articles.Answer = null;
        _channel.Dispose();
    }

    [Fact]
    public async Task A_grpc_read_reaches_the_caller_byte_for_byte()
    {
        fixture.Fake.Articles.Answer = VerbatimMessage<Article>.Parse(Payload(Wire));

        // The caller's side reads the raw answer, so nothing here decodes it either.
        var raw = Undecoded<GetArticleRequest>(MethodType.Unary, ArticleService.Descriptor.FullName, "GetArticle");
        var answer = await _channel.CreateCallInvoker().AsyncUnaryCall(raw, null, default, new GetArticleRequest { Id = "relay-1" }).ResponseAsync.WaitAsync(Rest.Timeout);

        Assert.Equal(Wire, answer);
        var typed = Article.Parser.ParseFrom(answer);
        Assert.Equal(("relay-1", "Bài chuyển nguyên văn"), (typed.Id, typed.Title));
    }

    [Fact]
    public async Task A_rest_read_takes_its_etag_from_the_relayed_bytes_and_answers_304_to_it()
    {
        fixture.Fake.Articles.Answer = VerbatimMessage<Article>.Parse(Payload([.. Wire, .. Field(Article.EtagFieldNumber, "v7")]));

        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles/relay-1");
        var body = await response.Content.ReadAsByteArrayAsync();
        var notModified = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles/relay-1", headers: ("If-None-Match", "\"v7\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"v7\"", response.Headers.ETag?.Tag);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("v7", JsonDocument.Parse(body).RootElement.GetProperty("etag").GetString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("\"v7\"", notModified.Headers.ETag?.Tag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_same_answer_over_rest_is_written_as_json_from_its_bytes()
    {
        fixture.Fake.Articles.Answer = VerbatimMessage<Article>.Parse(Payload(Wire));

        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles/relay-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("relay-1", json.GetProperty("id").GetString());
        Assert.Equal("Bài chuyển nguyên văn", json.GetProperty("title").GetString());
    }
}
