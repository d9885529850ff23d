using CuKhoi.ServiceDefaults.Errors;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Domain;

/// <summary>
/// The lifecycle of DOMAIN.md: REGISTERED → IMPLEMENTING → UNDER_REVIEW → RECOGNISED;
/// any open state → SUSPENDED → IMPLEMENTING; any → CLOSED. CLOSED is final.
/// Recognitions take another road to RECOGNISED (see <see cref="EnsureCanBeRecognised"/>).
/// </summary>
public static class DvkLifecycle
{
    private static readonly Dictionary<Status, Status[]> Moves = new()
    {
        [Status.Registered] = [Status.Implementing, Status.Suspended, Status.Closed],
        [Status.Implementing] = [Status.UnderReview, Status.Suspended, Status.Closed],
        [Status.UnderReview] = [Status.Recognised, Status.Suspended, Status.Closed],
        [Status.Recognised] = [Status.Suspended, Status.Closed],
        [Status.Suspended] = [Status.Implementing, Status.Closed],
        [Status.Closed] = [],
    };

    public static IReadOnlyList<Status> AllowedFrom(Status from) =>
        Moves.TryGetValue(from, out var to) ? to : [];

    public static bool CanMove(Status from, Status to) => AllowedFrom(from).Contains(to);

    /// <summary>
    /// Throws 400 FAILED_PRECONDITION naming the allowed moves; a move to RECOGNISED also
    /// needs a recognition on record (a model is recognised by a decision, not by a click).
    /// </summary>
    public static void EnsureCanMove(Status from, Status to, bool hasRecognition)
    {
        if (!CanMove(from, to))
        {
            throw Problems.IllegalTransition("DVK model", "Mô hình Dân vận khéo", EnumNames.Of(from), EnumNames.Of(to), AllowedFrom(from).Select(EnumNames.Of));
        }

        if (to == Status.Recognised && !hasRecognition)
        {
            throw Problems.FailedPrecondition(
                DvkReasons.RecognitionRequired,
                "A model becomes RECOGNISED through a recognition decision: add a recognition (POST .../recognitions) instead.",
                "Mô hình chỉ được chuyển sang RECOGNISED khi có quyết định công nhận: hãy thêm quyết định công nhận (POST .../recognitions).",
                "to");
        }
    }

    /// <summary>Only SUSPENDED and CLOSED models cannot be recognised; any other state moves to RECOGNISED.</summary>
    public static bool CanBeRecognised(Status status) => status is not (Status.Suspended or Status.Closed);

    public static void EnsureCanBeRecognised(Status status)
    {
        if (!CanBeRecognised(status))
        {
            var name = EnumNames.Of(status);
            throw Problems.FailedPrecondition(
                DvkReasons.NotRecognisable,
                $"A {name} model cannot be recognised; " + (status == Status.Suspended ? "resume it (transition to IMPLEMENTING) first." : "a CLOSED model is final."),
                $"Mô hình đang ở trạng thái {name} không thể được công nhận; " + (status == Status.Suspended ? "hãy cho mô hình hoạt động lại (chuyển sang IMPLEMENTING) trước." : "mô hình đã kết thúc (CLOSED)."));
        }
    }
}
