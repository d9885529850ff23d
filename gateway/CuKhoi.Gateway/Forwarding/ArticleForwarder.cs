using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Client = CuKhoi.Protos.Articles.V1.ArticleService.ArticleServiceClient;

namespace CuKhoi.Gateway.Forwarding;

/// <summary>
/// ArticleService at the front door: every RPC goes to the articles service through its
/// one resilience pipeline, with the caller's deadline, cancellation and identity.
/// GetArticleStatistics is internal and stays UNIMPLEMENTED here.
/// </summary>
public sealed class ArticleForwarder(DownstreamClient<Client> articles) : ArticleService.ArticleServiceBase
{
    public override Task<ListArticlesResponse> ListArticles(ListArticlesRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.ListArticlesAsync(request, o), context);

    public override Task<Article> GetArticle(GetArticleRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.GetArticleAsync(request, o), context);

    public override Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.ListCategoriesAsync(request, o), context);

    public override Task<Article> CreateArticle(CreateArticleRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.CreateArticleAsync(request, o), context);

    public override Task<Article> UpdateArticle(UpdateArticleRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.UpdateArticleAsync(request, o), context);

    public override Task<Article> SubmitArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.SubmitArticleAsync(request, o), context);

    public override Task<Article> PublishArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.PublishArticleAsync(request, o), context);

    public override Task<Article> UnpublishArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.UnpublishArticleAsync(request, o), context);

    public override Task<Article> ArchiveArticle(ChangeArticleStatusRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.ArchiveArticleAsync(request, o), context);

    public override Task<Empty> DeleteArticle(DeleteArticleRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.DeleteArticleAsync(request, o), context);

    public override Task<RecordViewResponse> RecordView(RecordViewRequest request, ServerCallContext context) =>
        articles.ForwardAsync((c, o) => c.RecordViewAsync(request, o), context);

    public override Task ExportArticles(ExportArticlesRequest request, IServerStreamWriter<ExportArticlesResponse> responseStream, ServerCallContext context) =>
        articles.ForwardStreamAsync((c, o) => c.ExportArticles(request, o), responseStream, context);
}
