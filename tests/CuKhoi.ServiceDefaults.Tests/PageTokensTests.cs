using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Signed keyset cursors: round trip, and every forged or misused token is a 400.</summary>
public class PageTokensTests
{
    private const string Filter = "status=PUBLISHED;category=tin-tuc";

    private readonly PageTokens _tokens = PageTokens.FromSecret("test-secret");

    private sealed record Cursor(long PublishMicros, string Id);

    [Fact]
    public void A_token_gives_back_its_cursor()
    {
        var cursor = new Cursor(1_610_012_940_000_000, "0192f0c1a2b34c5d8e9f001122334455");

        var token = _tokens.Encode(cursor, Filter);

        Assert.Equal(cursor, _tokens.Decode<Cursor>(token, Filter));
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('=', token);
    }

    /// <summary>
    /// Callers keep resume tokens across an upgrade: the wire form is pinned (JSON envelope,
    /// unpadded base64url, the first 16 bytes of HMAC-SHA256), computed outside .NET.
    /// </summary>
    [Fact]
    public void The_token_format_is_stable()
    {
        const string Expected = "eyJDdXJzb3IiOnsiUHVibGlzaE1pY3JvcyI6NDIsIklkIjoiYSJ9LCJGaWx0ZXIiOiJzdGF0dXM9UFVCTElTSEVEO2NhdGVnb3J5PXRpbi10dWMifQ._T7wZbNbY5LdDElzMi4fIA";

        Assert.Equal(Expected, _tokens.Encode(new Cursor(42, "a"), Filter));
        Assert.Equal(new Cursor(42, "a"), _tokens.Decode<Cursor>(Expected, Filter));
    }

    [Fact]
    public void A_cursor_with_Vietnamese_text_round_trips()
    {
        var cursor = new Cursor(1, "Đảng ủy phường Cự Khối");

        Assert.Equal(cursor, _tokens.Decode<Cursor>(_tokens.Encode(cursor, Filter), Filter));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_token_means_the_first_page(string? token)
    {
        Assert.Null(_tokens.Decode<Cursor>(token, Filter));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("abc.def")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData(".")]
    [InlineData("e30.AAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_an_invalid_page_token(string token)
    {
        AssertInvalidToken(() => _tokens.Decode<Cursor>(token, Filter));
    }

    [Fact]
    public void A_tampered_signature_is_refused()
    {
        var token = _tokens.Encode(new Cursor(42, "a"), Filter);
        var (payload, signature) = (token[..token.IndexOf('.')], token[(token.IndexOf('.') + 1)..]);
        var flipped = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        AssertInvalidToken(() => _tokens.Decode<Cursor>($"{payload}.{flipped}", Filter));
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var original = _tokens.Encode(new Cursor(42, "a"), Filter);
        var forged = _tokens.Encode(new Cursor(0, "a"), Filter);
        var spliced = forged[..forged.IndexOf('.')] + original[original.IndexOf('.')..];

        AssertInvalidToken(() => _tokens.Decode<Cursor>(spliced, Filter));
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_refused()
    {
        var token = PageTokens.FromSecret("another-secret").Encode(new Cursor(42, "a"), Filter);

        AssertInvalidToken(() => _tokens.Decode<Cursor>(token, Filter));
    }

    [Fact]
    public void A_token_made_for_other_filters_is_refused()
    {
        var token = _tokens.Encode(new Cursor(42, "a"), Filter);

        AssertInvalidToken(() => _tokens.Decode<Cursor>(token, "status=DRAFT;category=tin-tuc"));
    }

    [Theory]
    [InlineData(0, PageTokens.DefaultPageSize)]
    [InlineData(1, 1)]
    [InlineData(20, 20)]
    [InlineData(100, 100)]
    [InlineData(101, PageTokens.MaxPageSize)]
    [InlineData(int.MaxValue, PageTokens.MaxPageSize)]
    public void Page_size_defaults_and_clamps(int requested, int expected)
    {
        Assert.Equal(expected, PageTokens.PageSize(requested));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_negative_page_size_is_invalid(int requested)
    {
        var e = Assert.Throws<RpcException>(() => PageTokens.PageSize(requested));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(Problems.Reasons.InvalidArgument, e.Reason());
        Assert.Equal("pageSize", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    private static void AssertInvalidToken(Action decode)
    {
        var e = Assert.Throws<RpcException>(decode);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(Problems.Reasons.InvalidPageToken, e.Reason());
        Assert.Equal("pageToken", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains("pageToken", e.VietnameseMessage());
    }
}
