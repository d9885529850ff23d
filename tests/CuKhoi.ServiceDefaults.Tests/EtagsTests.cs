using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Etags are v{version}; a precondition is met by none, or by that etag bare, quoted or weak.</summary>
public class EtagsTests
{
    [Theory]
    [InlineData(1L, "v1")]
    [InlineData(42L, "v42")]
    [InlineData(long.MaxValue, "v9223372036854775807")]
    public void An_etag_is_v_and_the_version(long version, string etag) =>
        Assert.Equal(etag, Etags.Of(version));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_etag_sent_is_no_precondition(string? sent)
    {
        Assert.True(Etags.Matches(sent, 3));
        Etags.Ensure(sent, 3, "Article", "Bài viết", "a1");
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("\"v3\"")]
    [InlineData("W/\"v3\"")]
    [InlineData("W/v3")]
    [InlineData(" \"v3\" ")]
    public void The_current_etag_matches_bare_quoted_or_weak(string sent)
    {
        Assert.True(Etags.Matches(sent, 3));
        Etags.Ensure(sent, 3, "Article", "Bài viết", "a1");
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v4")]
    [InlineData("v30")]
    [InlineData("3")]
    [InlineData("V3")]
    [InlineData("\"v2\"")]
    [InlineData("W/\"v4\"")]
    [InlineData("w/\"v3\"")]
    [InlineData("\"\"v3\"\"")]
    [InlineData("\"v3")]
    [InlineData("v3\"")]
    [InlineData("'v3'")]
    [InlineData("*")]
    [InlineData(" ")]
    [InlineData("\"\"")]
    [InlineData("W/")]
    [InlineData("W/\"\"")]
    public void Any_other_etag_does_not_match(string sent) =>
        Assert.False(Etags.Matches(sent, 3));

    [Fact]
    public void A_stale_etag_is_a_409_naming_the_resource()
    {
        var e = Assert.Throws<RpcException>(() => Etags.Ensure("\"v2\"", 3, "Article", "Bài viết", "a1"));

        Assert.Equal(StatusCode.Aborted, e.StatusCode);
        var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal(Problems.Reasons.EtagMismatch, info.Reason);
        Assert.Equal("Article", info.Metadata["resource"]);
        Assert.Equal("a1", info.Metadata["id"]);
        Assert.Contains("Bài viết 'a1'", e.GetRpcStatus()!.GetDetail<LocalizedMessage>()!.Message);
    }
}
