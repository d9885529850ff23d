using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.DvkModels.Domain;

/// <summary>
/// UpdateDvkModel's field mask (AIP-134). Paths may be snake_case (gRPC) or lowerCamelCase
/// (as REST callers name them); "*" replaces every editable field; no mask means the
/// fields the request populates (<see cref="UpdateMasks"/>). Status, recognitions and times
/// change only through their own methods, so naming them is a 400 like any unknown path.
/// </summary>
public static class DvkModelPatch
{
    private static readonly Dictionary<string, Action<DvkModel, DvkModel>> Editable = new(StringComparer.Ordinal)
    {
        ["code"] = (to, from) => to.Code = from.Code,
        ["kind"] = (to, from) => to.Kind = from.Kind,
        ["name"] = (to, from) => to.Name = from.Name,
        ["owner_unit"] = (to, from) => to.OwnerUnit = from.OwnerUnit,
        ["field"] = (to, from) => to.Field = from.Field,
        ["topics"] = (to, from) =>
        {
            to.Topics.Clear();
            to.Topics.AddRange(from.Topics);
        },
        ["description"] = (to, from) => to.Description = from.Description,
        ["objectives"] = (to, from) => to.Objectives = from.Objectives,
        ["methods"] = (to, from) => to.Methods = from.Methods,
        ["results"] = (to, from) => to.Results = from.Results,
        ["beneficiaries"] = (to, from) => to.Beneficiaries = from.Beneficiaries,
        ["start_date"] = (to, from) => to.StartDate = from.StartDate?.Clone(),
        ["year"] = (to, from) => to.Year = from.Year,
    };

    // An update that sets nothing is accepted as it always was: it only bumps the version.
    private static readonly UpdateMaskRules Rules = new("DVK model", "mô hình Dân vận khéo", Editable.Keys)
    {
        OutputOnlyHint = ("status changes through :transition, recognitions through /recognitions", "trạng thái đổi qua :transition, công nhận qua /recognitions"),
        AllowEmpty = true,
    };

    /// <summary>The snake_case paths to apply; 400 naming the editable fields for anything else.</summary>
    public static IReadOnlyList<string> Paths(FieldMask? mask, DvkModel patch) => UpdateMasks.Resolve(mask, patch, Rules);

    public static void Apply(DvkModel target, DvkModel patch, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            Editable[path](target, patch);
        }
    }
}
