using CuKhoi.ServiceDefaults.Errors;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Domain;

/// <summary>
/// The publish workflow of DOMAIN.md: DRAFT → PENDING_REVIEW → PUBLISHED ⇄ UNPUBLISHED →
/// ARCHIVED, and a DRAFT may be published directly by an editor. ARCHIVED is final.
/// </summary>
public static class ArticleLifecycle
{
    private static readonly Dictionary<Status, Status[]> Moves = new()
    {
        [Status.Draft] = [Status.PendingReview, Status.Published],
        [Status.PendingReview] = [Status.Published],
        [Status.Published] = [Status.Unpublished],
        [Status.Unpublished] = [Status.Published, Status.Archived],
        [Status.Archived] = [],
    };

    public static IReadOnlyList<Status> AllowedFrom(Status from) =>
        Moves.TryGetValue(from, out var to) ? to : [];

    public static bool CanMove(Status from, Status to) => AllowedFrom(from).Contains(to);

    /// <summary>Throws 400 FAILED_PRECONDITION naming the moves that are allowed from <paramref name="from"/>.</summary>
    public static void EnsureCanMove(Status from, Status to)
    {
        if (!CanMove(from, to))
        {
            throw Problems.IllegalTransition("Article", "Bài viết", EnumNames.Of(from), EnumNames.Of(to), AllowedFrom(from).Select(EnumNames.Of));
        }
    }
}
