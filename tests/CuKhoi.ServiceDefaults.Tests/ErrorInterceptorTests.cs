using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Expected failures pass through; anything else reaches the caller with no SQL, stack or host names.</summary>
public class ErrorInterceptorTests
{
    private readonly ErrorInterceptor _interceptor = new(NullLogger<ErrorInterceptor>.Instance);

    [Fact]
    public async Task An_expected_failure_passes_through_unchanged()
    {
        var expected = Problems.NotFound("Article", "bài viết", "abc");

        var e = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => CallAsync(expected));

        Assert.Same(expected, e);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_bare_internal_error()
    {
        var e = await RpcAssert.ThrowsAsync(
            StatusCode.Internal,
            () => CallAsync(new InvalidOperationException("SELECT secret FROM users WHERE host = 'db.internal'")));

        Assert.Equal(Problems.Reasons.Internal, e.Reason());
        Assert.DoesNotContain("SELECT", e.Status.Detail);
        Assert.DoesNotContain("db.internal", e.Status.Detail);
    }

    [Theory]
    [InlineData(5)] // SQLITE_BUSY
    [InlineData(6)] // SQLITE_LOCKED
    public async Task A_locked_database_is_unavailable_so_callers_may_retry(int code)
    {
        var e = await RpcAssert.ThrowsAsync(StatusCode.Unavailable, () => CallAsync(new SqliteException("database is locked", code)));

        Assert.Equal(Problems.Reasons.Unavailable, e.Reason());
        Assert.DoesNotContain("locked", e.Status.Detail);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await RpcAssert.ThrowsAsync(
            StatusCode.Cancelled,
            () => _interceptor.UnaryServerHandler<string, string>(
                "request",
                new FakeServerCallContext("/cukhoi.articles.v1.ArticleService/GetArticle", cancellationToken: cancelled.Token),
                (_, context) => Task.FromCanceled<string>(context.CancellationToken)));
    }

    private Task<string> CallAsync(Exception failure) =>
        _interceptor.UnaryServerHandler<string, string>(
            "request",
            new FakeServerCallContext("/cukhoi.articles.v1.ArticleService/GetArticle"),
            (_, _) => Task.FromException<string>(failure));
}
