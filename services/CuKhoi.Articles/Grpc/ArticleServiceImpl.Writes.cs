using CuKhoi.Articles.Data;
using CuKhoi.Articles.Domain;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Grpc;

/// <summary>
/// The writes: each runs in one transaction with its idempotency record (request_id), checks
/// the etag the caller sent, and re-checks the version it read when it writes, so two
/// editors racing on PostgreSQL's READ COMMITTED cannot overwrite each other silently.
/// </summary>
public sealed partial class ArticleServiceImpl
{
    // id and etag ride along in every PATCH body the gateway builds: they select the article, they are not edits.
    private static readonly UpdateMaskRules MaskRules = new("Article", "bài viết", ArticleRules.Editable)
    {
        Ignored = ["id", "etag"],
        OutputOnlyHint = ("status changes go through :submit, :publish, :unpublish and :archive", "đổi trạng thái dùng :submit, :publish, :unpublish và :archive"),
    };

    public override async Task<Article> CreateArticle(CreateArticleRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        var input = request.Article ?? new Article();
        ArticleRules.Check(new Validation(), input, ArticleRules.Editable).ThrowIfInvalid();
        await EnsureCategoryAsync(input.Category, context.CancellationToken);

        var now = Clock.Now(time);
        var row = new ArticleRow
        {
            Id = Guid.CreateVersion7().ToString("N"),
            Status = EnumNames.Of(Status.Draft),
            CreateTime = now,
            Version = 1,
        };
        ArticleMapping.ApplyTo(row, input, ArticleRules.Editable, html);
        return await db.WriteAsync(context, request.RequestId, request, Article.Parser, async (connection, transaction) =>
        {
            row.Slug = await ChooseSlugAsync(connection, transaction, input.Slug, row, context.CancellationToken);
            row.UpdateTime = now;
            await repository.InsertAsync(connection, transaction, row, context.CancellationToken);
            logger.LogInformation("Article {ArticleId} created as {Slug}", row.Id, row.Slug);
            return ArticleMapping.ToProto(row);
        });
    }

    public override async Task<Article> UpdateArticle(UpdateArticleRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        var input = request.Article ?? new Article();
        RequireId(input.Id, "article.id");
        var fields = UpdateMasks.Resolve(request.UpdateMask, input, MaskRules).ToHashSet();
        ArticleRules.Check(new Validation(), input, fields).ThrowIfInvalid();
        if (fields.Contains("category"))
        {
            await EnsureCategoryAsync(input.Category, context.CancellationToken);
        }

        return await db.WriteAsync(context, request.RequestId, request, Article.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await repository.FindAsync(connection, transaction, input.Id, ct) ?? throw NotFound(input.Id);
            Etags.Ensure(input.Etag, row.Version, "Article", "Bài viết", row.Id);
            ArticleMapping.ApplyTo(row, input, fields, html);
            if (fields.Contains("slug"))
            {
                row.Slug = await ChooseSlugAsync(connection, transaction, input.Slug, row, ct);
            }

            row.UpdateTime = Clock.Now(time);
            if (!await repository.UpdateContentAsync(connection, transaction, row, ct))
            {
                throw Etags.ConcurrentChange("Article", "Bài viết", row.Id);
            }

            logger.LogInformation("Article {ArticleId} updated: {Fields}", row.Id, string.Join(",", fields));
            return ArticleMapping.ToProto(row);
        });
    }

    public override Task<Article> SubmitArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, Status.PendingReview, context);

    public override Task<Article> PublishArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, Status.Published, context);

    public override Task<Article> UnpublishArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, Status.Unpublished, context);

    public override Task<Article> ArchiveArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, Status.Archived, context);

    public override async Task<Empty> DeleteArticle(DeleteArticleRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        RequireId(request.Id, "id");
        return await db.WriteAsync(context, request.RequestId, request, Empty.Parser, async (connection, transaction) =>
        {
            var row = await repository.FindAsync(connection, transaction, request.Id, context.CancellationToken) ?? throw NotFound(request.Id);
            Etags.Ensure(request.Etag, row.Version, "Article", "Bài viết", row.Id);
            if (!await repository.DeleteAsync(connection, transaction, row, context.CancellationToken))
            {
                throw Etags.ConcurrentChange("Article", "Bài viết", row.Id);
            }

            logger.LogInformation("Article {ArticleId} deleted", row.Id);
            return new Empty();
        });
    }

    private async Task<Article> ChangeStatusAsync(ChangeArticleStatusRequest request, Status to, ServerCallContext context)
    {
        RequireWriter(context);
        RequireId(request.Id, "id");
        return await db.WriteAsync(context, request.RequestId, request, Article.Parser, async (connection, transaction) =>
        {
            var row = await repository.FindAsync(connection, transaction, request.Id, context.CancellationToken) ?? throw NotFound(request.Id);
            Etags.Ensure(request.Etag, row.Version, "Article", "Bài viết", row.Id);
            ArticleLifecycle.EnsureCanMove(EnumNames.Parse<Status>(row.Status), to);
            var now = Clock.Now(time);
            row.Status = EnumNames.Of(to);
            // First publish only: republishing after an unpublish keeps the original date.
            row.PublishTime ??= to == Status.Published ? now : null;
            row.UpdateTime = now;
            if (!await repository.UpdateStatusAsync(connection, transaction, row, context.CancellationToken))
            {
                throw Etags.ConcurrentChange("Article", "Bài viết", row.Id);
            }

            logger.LogInformation("Article {ArticleId} is now {Status}", row.Id, row.Status);
            return ArticleMapping.ToProto(row);
        });
    }

    /// <summary>
    /// A slug the caller chose must be free (409 otherwise); one derived from the title gets
    /// a numeric suffix when taken, since two notices may well share a title.
    /// </summary>
    private async Task<string> ChooseSlugAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string requested, ArticleRow row, CancellationToken ct)
    {
        if (requested.Length > 0)
        {
            return await repository.SlugTakenAsync(connection, transaction, requested, row.Id, ct) ? throw ArticleRules.SlugTaken() : requested;
        }

        return await repository.FreeSlugAsync(connection, transaction, ArticleRules.DeriveSlug(row.Title), row.Id, ArticleRules.SlugMax, ct);
    }

    private async Task EnsureCategoryAsync(string category, CancellationToken ct)
    {
        var categories = await repository.CategorySlugsAsync(ct);
        if (!categories.Contains(category.Trim(), StringComparer.Ordinal))
        {
            throw Problems.InvalidArgument(
                "article.category",
                $"Unknown category '{category}'; allowed: {string.Join(", ", categories)}.",
                $"Chuyên mục '{category}' không tồn tại; các chuyên mục hợp lệ: {string.Join(", ", categories)}.");
        }
    }

    /// <summary>The one guard of the write RPCs.</summary>
    private static void RequireWriter(ServerCallContext context) =>
        context.GetCaller().Demand(WriteScope, "Changing articles needs the articles:write scope.", "Cần quyền articles:write để thay đổi bài viết.");
}
