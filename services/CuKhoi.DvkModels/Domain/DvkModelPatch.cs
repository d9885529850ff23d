using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.DvkModels.Domain;

/// <summary>
/// UpdateDvkModel's field mask (AIP-134). Paths may be snake_case (gRPC) or lowerCamelCase
/// (as REST callers name them); "*" replaces every editable field; no mask means the
/// fields the request populates. Status, recognitions and times change only through their
/// own methods, so naming them is a 400 like any unknown path.
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

    public static IReadOnlyCollection<string> EditablePaths => Editable.Keys;

    /// <summary>The snake_case paths to apply; 400 naming the editable fields for anything else.</summary>
    public static IReadOnlyList<string> Paths(FieldMask? mask, DvkModel patch)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return Populated(patch);
        }

        if (mask.Paths.Count == 1 && mask.Paths[0] == "*")
        {
            return [.. Editable.Keys];
        }

        var paths = new List<string>();
        var violations = new Validation();
        foreach (var path in mask.Paths)
        {
            var snake = ToSnakeCase(path.Trim());
            if (Editable.ContainsKey(snake))
            {
                paths.Add(snake);
            }
            else
            {
                var allowed = string.Join(", ", Editable.Keys);
                violations.Add(
                    "updateMask",
                    $"'{path}' cannot be updated; updatable fields: {allowed}. Status changes through :transition, recognitions through /recognitions.",
                    $"Không thể cập nhật '{path}'; các trường được cập nhật: {allowed}. Trạng thái đổi qua :transition, công nhận qua /recognitions.");
            }
        }

        violations.ThrowIfInvalid();
        return paths.Distinct().ToList();
    }

    public static void Apply(DvkModel target, DvkModel patch, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            Editable[path](target, patch);
        }
    }

    private static List<string> Populated(DvkModel patch)
    {
        var paths = new List<string>();
        void If(bool populated, string path)
        {
            if (populated)
            {
                paths.Add(path);
            }
        }

        If(patch.Code.Length > 0, "code");
        If(patch.Kind != 0, "kind");
        If(patch.Name.Length > 0, "name");
        If(patch.OwnerUnit.Length > 0, "owner_unit");
        If(patch.Field != 0, "field");
        If(patch.Topics.Count > 0, "topics");
        If(patch.Description.Length > 0, "description");
        If(patch.Objectives.Length > 0, "objectives");
        If(patch.Methods.Length > 0, "methods");
        If(patch.Results.Length > 0, "results");
        If(patch.Beneficiaries.Length > 0, "beneficiaries");
        If(patch.StartDate is not null, "start_date");
        If(patch.Year != 0, "year");
        return paths;
    }

    private static string ToSnakeCase(string path)
    {
        var builder = new System.Text.StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
