using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>
/// A stand-in articles service for failure tests: fails the next <see cref="FailNext"/>
/// calls with a bare UNAVAILABLE (as a broken transport would, host name included), can
/// hold calls until released, and records what it saw.
/// </summary>
public sealed class FakeArticles : ArticleService.ArticleServiceBase
{
    private int _calls;
    private int _failNext;

    /// <summary>An export resumed with this token sends one line and then fails.</summary>
    public const string FailAfterOneLine = "fail-after-one-line";

    public int Calls => Volatile.Read(ref _calls);

    public DateTime LastDeadline { get; private set; }

    public Metadata LastHeaders { get; private set; } = [];

    /// <summary>When set, calls wait for it (and signal <see cref="Entered"/> first).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, an export waits for it after its first line.</summary>
    public TaskCompletionSource? ExportGate { get; set; }

    /// <summary>When set, GetArticle and CreateArticle answer this message (a test can hand it exact wire bytes).</summary>
    public Article? Answer { get; set; }

    /// <summary>When set, an export answers these lines.</summary>
    public IReadOnlyList<ExportArticlesResponse>? ExportAnswer { get; set; }

    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    public override async Task<Article> GetArticle(GetArticleRequest request, ServerCallContext context)
    {
        await EnterAsync(context);
        return Answer ?? new Article { Id = request.Id, Title = "Bài giả", Status = Article.Types.Status.Published, Etag = "v1" };
    }

    public override async Task<ListArticlesResponse> ListArticles(ListArticlesRequest request, ServerCallContext context)
    {
        await EnterAsync(context);
        return new ListArticlesResponse { TotalSize = 0 };
    }

    public override async Task<Article> CreateArticle(CreateArticleRequest request, ServerCallContext context)
    {
        await EnterAsync(context);
        return Answer ?? new Article { Id = "fake-id", Title = request.Article.Title, Status = Article.Types.Status.Draft, Etag = "v1" };
    }

    public override async Task<RecordViewResponse> RecordView(RecordViewRequest request, ServerCallContext context)
    {
        await EnterAsync(context);
        return new RecordViewResponse { ViewCount = Calls };
    }

    public override async Task<Empty> DeleteArticle(DeleteArticleRequest request, ServerCallContext context)
    {
        await EnterAsync(context);
        return new Empty();
    }

    public override async Task ExportArticles(ExportArticlesRequest request, IServerStreamWriter<ExportArticlesResponse> responseStream, ServerCallContext context)
    {
        await EnterAsync(context);
        if (ExportAnswer is { } lines)
        {
            foreach (var line in lines)
            {
                await responseStream.WriteAsync(line);
            }

            return;
        }

        if (request.ResumeToken == FailAfterOneLine)
        {
            await responseStream.WriteAsync(new ExportArticlesResponse { Article = new Article { Id = "a1", Title = "Bài 1" }, ResumeToken = "1" });
            throw new RpcException(new Status(StatusCode.Unavailable, "The articles database is unavailable."));
        }

        var start = string.IsNullOrEmpty(request.ResumeToken) ? 0 : int.Parse(request.ResumeToken, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = start + 1; i <= 3; i++)
        {
            await responseStream.WriteAsync(new ExportArticlesResponse { Article = new Article { Id = $"a{i}", Title = $"Bài {i}" }, ResumeToken = $"{i}" });
            if (i == 1 && ExportGate is { } gate)
            {
                // Keep the stream open after the first line until the test has read it.
                await gate.Task.WaitAsync(context.CancellationToken);
            }
        }

        if (request.Since is not null)
        {
            // Echo what arrived so a test can see the query was bound.
            await responseStream.WriteAsync(new ExportArticlesResponse { ResumeToken = request.Since.ToDateTimeOffset().ToString("O") });
        }
    }

    /// <summary>What the gateway said about the caller.</summary>
    public (string? Principal, string? Scopes) Caller => (LastHeaders.GetValue(CallMetadata.Principal), LastHeaders.GetValue(CallMetadata.Scopes));

    private async Task EnterAsync(ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        LastDeadline = context.Deadline;
        LastHeaders = context.RequestHeaders;
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel 10.20.30.40:5101"));
        }

        Interlocked.Exchange(ref _failNext, 0);
        Entered.TrySetResult();
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(context.CancellationToken);
        }
    }
}
