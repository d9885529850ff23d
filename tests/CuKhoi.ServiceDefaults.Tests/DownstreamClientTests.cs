using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Status = Grpc.Core.Status;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// What a failed downstream call becomes for the caller. At the deadline the service's timer
/// and the client's race, and the loser's status arrives: it must still be a 504.
/// </summary>
public sealed class DownstreamClientTests
{
    private static readonly DateTime Passed = DateTime.UtcNow.AddSeconds(-1);

    public static TheoryData<StatusCode, string> WhatARaceAtTheDeadlineLeaves => new()
    {
        { StatusCode.Unknown, "Exception was thrown by handler." },
        { StatusCode.Internal, "Error starting gRPC call. HttpRequestException: The application reset the request with error code 8." },
        { StatusCode.Cancelled, "Call canceled by the client." },
    };

    [Theory]
    [MemberData(nameof(WhatARaceAtTheDeadlineLeaves))]
    public async Task A_call_that_fails_once_its_deadline_has_passed_is_deadline_exceeded(StatusCode code, string detail)
    {
        var articles = Client(new RpcException(new Status(code, detail)));

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            articles.CallAsync((c, o) => c.GetArticleAsync(new GetArticleRequest { Id = "a1" }, o), isRead: true, callerDeadline: Passed));

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.DoesNotContain("reset", failure.Status.Detail);
    }

    [Fact]
    public async Task An_export_that_fails_once_its_deadline_has_passed_is_deadline_exceeded()
    {
        var articles = Client(new RpcException(new Status(StatusCode.Unknown, "Exception was thrown by handler.")));

        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in articles.ReadStreamAsync((c, o) => c.ExportArticles(new ExportArticlesRequest(), o), callerDeadline: Passed))
            {
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
    }

    [Fact]
    public async Task A_failure_before_the_deadline_stays_internal_without_its_message()
    {
        var articles = Client(new RpcException(new Status(StatusCode.Unknown, "Exception was thrown by handler at articles-1:5101.")));

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            articles.CallAsync((c, o) => c.GetArticleAsync(new GetArticleRequest { Id = "a1" }, o), isRead: true, callerDeadline: DateTime.UtcNow.AddMinutes(1)));

        Assert.Equal(StatusCode.Internal, failure.StatusCode);
        Assert.DoesNotContain("articles-1", failure.Status.Detail);
    }

    [Fact]
    public async Task The_services_own_answer_passes_through_even_after_the_deadline()
    {
        var rich = new Google.Rpc.Status { Code = (int)StatusCode.NotFound, Message = "Article a1 not found." };
        var articles = Client(new RpcException(new Status(StatusCode.NotFound, rich.Message), [new("grpc-status-details-bin", rich.ToByteArray())]));

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            articles.CallAsync((c, o) => c.GetArticleAsync(new GetArticleRequest { Id = "a1" }, o), isRead: true, callerDeadline: Passed));

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        Assert.Equal(rich.ToByteArray(), failure.Trailers.GetValueBytes("grpc-status-details-bin"));
    }

    private static DownstreamClient<ArticleService.ArticleServiceClient> Client(RpcException answer)
    {
        var options = new DownstreamOptions { ReadRetries = 0 };
        var client = new ArticleService.ArticleServiceClient(new FailingInvoker(answer));
        return new(client, client, "articles", options, DownstreamPipeline.Build("articles", options, TimeProvider.System), TimeProvider.System,
            NullLogger<DownstreamClient<ArticleService.ArticleServiceClient>>.Instance);
    }

    /// <summary>Answers every call with one failure, as the transport would hand it over.</summary>
    private sealed class FailingInvoker(RpcException answer) : CallInvoker
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            new(Task.FromException<TResponse>(answer), Task.FromResult(new Metadata()), () => answer.Status, () => answer.Trailers, () => { });

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            new(new FailingReader<TResponse>(answer), Task.FromResult(new Metadata()), () => answer.Status, () => answer.Trailers, () => { });

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }

    private sealed class FailingReader<T>(RpcException answer) : IAsyncStreamReader<T>
    {
        public T Current => throw new InvalidOperationException("No message was read.");

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(answer);
    }
}
