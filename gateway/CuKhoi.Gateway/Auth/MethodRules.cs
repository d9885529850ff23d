using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Reports.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CuKhoi.Gateway.Auth;

/// <summary>What one RPC needs: a scope (null = anonymous callers welcome) and whether it writes (audited).</summary>
public sealed record MethodRule(string? Scope, bool IsWrite);

/// <summary>
/// The one table of who may call what, keyed by gRPC method full name
/// ("/cukhoi.articles.v1.ArticleService/ListArticles"); REST routes reach the same
/// methods through JSON transcoding. A method missing here needs `admin` (fail closed).
/// The services then narrow what each caller sees (drafts, phones) from the forwarded scopes.
/// </summary>
public static class MethodRules
{
    private static readonly MethodRule Anonymous = new(null, false);
    private static readonly MethodRule AdminOnly = new(Scopes.Admin, false);

    private static readonly Dictionary<string, MethodRule> Rules = Build();

    public static MethodRule For(string method) => Rules.GetValueOrDefault(method, AdminOnly);

    public static IReadOnlyDictionary<string, MethodRule> All => Rules;

    private static Dictionary<string, MethodRule> Build()
    {
        var rules = new Dictionary<string, MethodRule>(StringComparer.Ordinal);
        void Add(ServiceDescriptor service, string method, MethodRule rule) =>
            rules.Add($"/{service.FullName}/{(service.FindMethodByName(method) ?? throw new InvalidOperationException($"{service.FullName} has no method {method}.")).Name}", rule);
        MethodRule Write(string scope) => new(scope, true);
        MethodRule Read(string scope) => new(scope, false);

        var articles = ArticleService.Descriptor;
        Add(articles, "ListArticles", Anonymous);
        Add(articles, "GetArticle", Anonymous);
        Add(articles, "ListCategories", Anonymous);
        // A view is counted for anyone (rate-limited per client); it is not an editorial write.
        Add(articles, "RecordView", Anonymous);
        Add(articles, "CreateArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "UpdateArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "SubmitArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "PublishArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "UnpublishArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "ArchiveArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "DeleteArticle", Write(Scopes.ArticlesWrite));
        Add(articles, "ExportArticles", Read(Scopes.ReportsRead));
        // Internal (the reports read them from the services directly): not forwarded.
        Add(articles, "GetArticleStatistics", AdminOnly);

        var dvk = DvkModelService.Descriptor;
        Add(dvk, "ListDvkModels", Anonymous);
        Add(dvk, "GetDvkModel", Anonymous);
        Add(dvk, "BatchGetDvkModels", Anonymous);
        Add(dvk, "RegisterDvkModel", Write(Scopes.DvkWrite));
        Add(dvk, "UpdateDvkModel", Write(Scopes.DvkWrite));
        Add(dvk, "AddRecognition", Write(Scopes.DvkWrite));
        Add(dvk, "TransitionDvkModel", Write(Scopes.DvkWrite));
        Add(dvk, "DeleteDvkModel", Write(Scopes.DvkWrite));
        Add(dvk, "UndeleteDvkModel", Write(Scopes.DvkWrite));
        Add(dvk, "ExportDvkModels", Read(Scopes.ReportsRead));
        Add(dvk, "GetDvkStatistics", AdminOnly);

        var contests = ContestService.Descriptor;
        Add(contests, "ListContests", Anonymous);
        Add(contests, "GetContest", Anonymous);
        Add(contests, "ListEntries", Anonymous);
        Add(contests, "GetEntry", Anonymous);
        Add(contests, "CreateContest", Write(Scopes.ContestsWrite));
        Add(contests, "TransitionContest", Write(Scopes.ContestsWrite));
        Add(contests, "SubmitEntry", Write(Scopes.ContestsWrite));
        Add(contests, "UpdateEntry", Write(Scopes.ContestsWrite));
        Add(contests, "ForwardEntry", Write(Scopes.ContestsWrite));
        Add(contests, "ScoreEntry", Write(Scopes.ContestsWrite));
        Add(contests, "AwardEntry", Write(Scopes.ContestsWrite));
        Add(contests, "ExportEntries", Read(Scopes.ReportsRead));
        Add(contests, "GetContestStatistics", AdminOnly);

        Add(ReportService.Descriptor, "GetAnnualReport", Anonymous);

        // Probes and discovery (grpcurl, Postman) need no key: they reveal only the public contract.
        Add(Grpc.Health.V1.Health.Descriptor, "Check", Anonymous);
        Add(Grpc.Health.V1.Health.Descriptor, "Watch", Anonymous);
        Add(Grpc.Reflection.V1.ServerReflection.Descriptor, "ServerReflectionInfo", Anonymous);
        Add(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor, "ServerReflectionInfo", Anonymous);
        return rules;
    }
}
