using CuKhoi.Articles.Data;
using CuKhoi.Articles.Domain;
using CuKhoi.Articles.Extensions;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.ServiceDefaults.Text;
using Grpc.Core;

namespace CuKhoi.Articles.Grpc;

/// <summary>
/// ArticleService: validate, call <see cref="ArticleRepository"/>, map with <see cref="ArticleMapping"/>. Reads here; writes
/// in ArticleServiceImpl.Writes.cs. Visibility follows the caller: without articles:write
/// only PUBLISHED articles exist.
/// </summary>
public sealed partial class ArticleServiceImpl(
    ArticleRepository repository,
    ArticleHtml html,
    Db db,
    PageTokens pageTokens,
    TimeProvider time,
    ArticleOptions options,
    ViewCounter views,
    ILogger<ArticleServiceImpl> logger) : ArticleService.ArticleServiceBase
{
    private const string WriteScope = "articles:write";
    private const string ReportsScope = "reports:read";
    private const string Published = "PUBLISHED";

    public override async Task<Article> GetArticle(GetArticleRequest request, ServerCallContext context)
    {
        RequireId(request.Id, "id");
        var row = await repository.FindBytesAsync(request.Id, context.CancellationToken);
        if (row is null || (row.Status != Published && !context.GetCaller().Has(WriteScope)))
        {
            // A draft is "not found" to a reader: its existence is not theirs to learn.
            throw NotFound(request.Id);
        }

        // Encoded from the row's UTF-8, as the export is: most of an article is text, and
        // decoding it to strings only to encode it again was about a fifth of the service's
        // CPU per read (bench/RESULTS.md, fifth and twelfth passes).
        return ArticleWire.Message(row);
    }

    public override async Task<ListArticlesResponse> ListArticles(ListArticlesRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var pageSize = PageTokens.PageSize(request.PageSize);
        var categories = string.IsNullOrWhiteSpace(request.Category) ? [] : await repository.CategorySlugsAsync(ct);
        var (query, fingerprint) = ArticleListing.Parse(request, context.GetCaller().Has(WriteScope), categories);
        var after = pageTokens.Decode<ListCursor>(request.PageToken, fingerprint);

        var rows = await repository.ListAsync(query, after, pageSize + 1, ct);
        var response = new ListArticlesResponse { TotalSize = await repository.CountAsync(query, ct) };
        response.Articles.AddRange(rows.Take(pageSize).Select(ArticleMapping.ToProto));
        if (rows.Count > pageSize)
        {
            response.NextPageToken = pageTokens.Encode(ArticleListing.CursorOf(rows[pageSize - 1], query.Order), fingerprint);
        }

        return response;
    }

    public override async Task<RecordViewResponse> RecordView(RecordViewRequest request, ServerCallContext context)
    {
        RequireId(request.Id, "id");
        if (await repository.FindViewTargetAsync(request.Id, context.CancellationToken) is { } target)
        {
            // Counted from here on, so nothing that could fail comes after it: a caller told
            // "error" was not counted, a caller told the count was.
            context.CancellationToken.ThrowIfCancellationRequested();
            return new RecordViewResponse { ViewCount = target.ViewCount + views.Add(target.Id) };
        }

        var row = await repository.FindAsync(request.Id, context.CancellationToken);
        if (row is null || !context.GetCaller().Has(WriteScope))
        {
            throw NotFound(request.Id);
        }

        throw Problems.FailedPrecondition(
            "ARTICLE_NOT_PUBLISHED",
            $"Article '{request.Id}' is {row.Status}; views are counted only while it is PUBLISHED.",
            $"Bài viết '{request.Id}' đang ở trạng thái {row.Status}; lượt xem chỉ được tính khi bài đã xuất bản (PUBLISHED).");
    }

    public override async Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        var response = new ListCategoriesResponse();
        response.Categories.AddRange((await repository.ListCategoriesAsync(context.CancellationToken)).Select(ArticleMapping.ToProto));
        return response;
    }

    /// <summary>
    /// Every article in (update_time, id) order, read in keyset batches so memory stays flat.
    /// Each line carries a signed cursor; resuming after it continues with the next row, and a
    /// row changed meanwhile comes again later (its update_time moved past the cursor).
    /// The lines are encoded from the rows' bytes and written as frames of the call
    /// (<see cref="ArticleWire"/>), not through <paramref name="responseStream"/>.
    /// </summary>
    public override async Task ExportArticles(ExportArticlesRequest request, IServerStreamWriter<ExportArticlesResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (!caller.Has(WriteScope) && !caller.Has(ReportsScope))
        {
            throw Problems.PermissionDenied("Exports need the reports:read or articles:write scope.", "Cần quyền reports:read hoặc articles:write để xuất dữ liệu bài viết.");
        }

        var publishedOnly = !caller.Has(WriteScope);
        var since = Since(request.Since);
        var fingerprint = $"export\u001f{since}\u001f{publishedOnly}";
        var after = DecodeResumeToken(request.ResumeToken, fingerprint);
        EncodedFrames? frames = null;
        while (true)
        {
            var batch = await repository.ExportBatchAsync(since, publishedOnly, after, options.ExportBatchSize, context.CancellationToken);
            frames ??= await EncodedFrames.StartAsync(context); // a failure to read the first batch stays a plain error
            foreach (var row in batch)
            {
                after = new ExportCursor(row.UpdateTime, row.Id);
                await ArticleWire.WriteExportLineAsync(frames, row, pageTokens.Encode(after, fingerprint));
            }

            await frames.FlushAsync();
            if (batch.Count < options.ExportBatchSize)
            {
                return;
            }
        }
    }

    /// <summary>Aggregates are public (the annual report): no scope needed.</summary>
    public override async Task<ArticleStatistics> GetArticleStatistics(GetArticleStatisticsRequest request, ServerCallContext context)
    {
        new Validation().Range("year", request.Year, 1900, 9998, "year", "Năm").ThrowIfInvalid();
        var months = Enumerable.Range(1, 12)
            .Select(m => (
                Start: Clock.ToMicros(VietnamTime.StartOfDay(new DateOnly(request.Year, m, 1))),
                End: Clock.ToMicros(VietnamTime.StartOfDay(new DateOnly(request.Year, m, 1).AddMonths(1)))))
            .ToList();
        return ArticleMapping.ToProto(request.Year, await repository.MonthlyFiguresAsync(months, context.CancellationToken));
    }

    private static long? Since(Google.Protobuf.WellKnownTypes.Timestamp? since)
    {
        try
        {
            return since is null ? null : Clock.ToMicros(since);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw Problems.InvalidArgument("since", "since is not a valid timestamp.", "since không phải mốc thời gian hợp lệ.");
        }
    }

    private ExportCursor? DecodeResumeToken(string token, string fingerprint)
    {
        try
        {
            return pageTokens.Decode<ExportCursor>(token, fingerprint);
        }
        catch (RpcException e) when (Problems.ReasonOf(e) == Problems.Reasons.InvalidPageToken)
        {
            throw Problems.InvalidArgument(
                "resumeToken",
                "resumeToken is not valid for this export; start again without it (or with the same since).",
                "resumeToken không hợp lệ cho lần xuất này; hãy bắt đầu lại không dùng resumeToken (hoặc với cùng giá trị since).",
                Problems.Reasons.InvalidPageToken);
        }
    }

    private static void RequireId(string id, string field) =>
        new Validation().Required(field, id, field, "Mã hoặc đường dẫn bài viết").ThrowIfInvalid();

    private static RpcException NotFound(string id) => Problems.NotFound("Article", "bài viết", id);
}
