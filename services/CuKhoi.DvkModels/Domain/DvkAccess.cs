using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Domain;

/// <summary>
/// Who sees what (CONTRACT.md): callers with `dvk:write` (and sibling services, which hold
/// every scope) see every model; everyone else sees RECOGNISED, non-deleted models only,
/// and anything else does not exist for them (404, not 403, so ids do not leak).
/// </summary>
public static class DvkAccess
{
    public const string WriteScope = "dvk:write";
    public const string ReportsScope = "reports:read";

    public static bool SeesAll(Caller caller) => caller.Has(WriteScope);

    public static bool CanSee(Caller caller, DvkModel model) =>
        SeesAll(caller) || (model.Status == Status.Recognised && model.DeleteTime is null);

    /// <summary>
    /// The status a list may show: readers get RECOGNISED whatever they left unset, and
    /// asking for another status is refused rather than silently answered with nothing.
    /// </summary>
    public static Status EffectiveStatusFilter(Caller caller, Status requested)
    {
        if (SeesAll(caller))
        {
            return requested;
        }

        if (requested is Status.Unspecified or Status.Recognised)
        {
            return Status.Recognised;
        }

        throw Problems.PermissionDenied(
            $"Listing {EnumNames.Of(requested)} models needs the dvk:write scope; without it only RECOGNISED models are listed.",
            $"Cần quyền dvk:write để xem các mô hình ở trạng thái {EnumNames.Of(requested)}; không có quyền này chỉ xem được mô hình đã được công nhận (RECOGNISED).");
    }

    /// <summary>Exports are for reporting jobs (reports:read: the public models) and editors (dvk:write: every model).</summary>
    public static void EnsureCanExport(Caller caller)
    {
        if (!caller.Has(WriteScope) && !caller.Has(ReportsScope))
        {
            throw Problems.PermissionDenied(
                "Exporting DVK models needs the reports:read or dvk:write scope.",
                "Cần quyền reports:read hoặc dvk:write để xuất dữ liệu mô hình Dân vận khéo.");
        }
    }
}
