using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Grpc.Core;
using Microsoft.Extensions.Configuration;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Services answer only holders of the internal token; health probes need none.</summary>
public class InternalTokenInterceptorTests
{
    private const string Token = "s3cret-internal-token-0123456789abcdef";

    private readonly InternalTokenInterceptor _interceptor = new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Internal:Token"] = Token }).Build());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData(Token + "x")]
    [InlineData("s3cret-internal-toke")]
    public async Task A_call_without_the_right_token_is_unauthenticated(string? token)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add(CallMetadata.InternalToken, token);
        }

        var e = await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () => CallAsync("/cukhoi.articles.v1.ArticleService/GetArticle", headers));

        Assert.Equal(Problems.Reasons.Unauthenticated, e.Reason());
        Assert.NotNull(e.VietnameseMessage());
    }

    [Fact]
    public async Task A_call_with_the_token_goes_through()
    {
        var answer = await CallAsync("/cukhoi.articles.v1.ArticleService/GetArticle", new Metadata { { CallMetadata.InternalToken, Token } });

        Assert.Equal("called", answer);
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.health.v1.Health/Watch")]
    public async Task Health_checks_need_no_token(string method)
    {
        Assert.Equal("called", await CallAsync(method, []));
    }

    [Fact]
    public async Task Reflection_is_not_exempt()
    {
        await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () => CallAsync("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", []));
    }

    [Fact]
    public void A_service_without_a_token_refuses_to_start()
    {
        var empty = new ConfigurationBuilder().Build();

        var e = Assert.Throws<InvalidOperationException>(() => new InternalTokenInterceptor(empty));
        Assert.Contains("Internal__Token", e.Message);
    }

    private Task<string> CallAsync(string method, Metadata headers) =>
        _interceptor.UnaryServerHandler("request", new FakeServerCallContext(method, headers), (_, _) => Task.FromResult("called"));
}
