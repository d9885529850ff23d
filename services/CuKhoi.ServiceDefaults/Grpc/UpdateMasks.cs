using System.Collections;
using System.Globalization;
using CuKhoi.ServiceDefaults.Errors;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>What one resource's UpdateX accepts in its mask.</summary>
/// <param name="Resource">The resource as refusals name it in English ("Article").</param>
/// <param name="ResourceVi">The same in Vietnamese, lower case ("bài viết").</param>
/// <param name="Editable">The top-level proto field names the update may write, in the order refusals list them.</param>
public sealed record UpdateMaskRules(string Resource, string ResourceVi, IReadOnlyCollection<string> Editable)
{
    /// <summary>Paths that select the resource rather than edit it (id, etag): dropped, not refused.</summary>
    public IReadOnlyCollection<string> Ignored { get; init; } = [];

    /// <summary>Appended to the refusal of an output-only path: where such fields do change (e.g. ":publish").</summary>
    public (string En, string Vi)? OutputOnlyHint { get; init; }

    /// <summary>An update that names or sets no field is accepted (it still bumps the version) instead of refused.</summary>
    public bool AllowEmpty { get; init; }
}

/// <summary>
/// Resolves an UpdateX field mask (AIP-134) from the resource's descriptor, one way for every
/// service. Paths are proto names or their lowerCamelCase JSON names (what REST callers send);
/// "*" is every editable field; a sub-path of a message field (`subject.kind`) replaces the whole
/// field. Unknown and output-only paths are refused on `updateMask`, naming the editable fields.
/// Without a mask: the editable fields the request sets (non-default values).
/// </summary>
public static class UpdateMasks
{
    /// <summary>The proto names of the fields to write, in mask (or declaration) order, without repeats.</summary>
    public static IReadOnlyList<string> Resolve(FieldMask? mask, IMessage resource, UpdateMaskRules rules)
    {
        var allowed = string.Join(", ", rules.Editable);
        var fields = new List<string>();
        if (mask is null || mask.Paths.Count == 0)
        {
            fields.AddRange(rules.Editable.Where(name => IsSet(resource, name)));
        }
        else
        {
            var validation = new Validation();
            foreach (var raw in mask.Paths)
            {
                var path = raw.Trim();
                var field = FindTopLevel(resource.Descriptor, path);
                if (path == "*")
                {
                    fields.AddRange(rules.Editable);
                }
                else if (field is not null && rules.Editable.Contains(field.Name))
                {
                    fields.Add(field.Name);
                }
                else if (field is null || !rules.Ignored.Contains(field.Name))
                {
                    Refuse(validation, raw, field, rules, allowed);
                }
            }

            validation.ThrowIfInvalid();
        }

        if (fields.Count == 0 && !rules.AllowEmpty)
        {
            throw Problems.InvalidArgument(
                "updateMask",
                $"Nothing to update: name the fields in updateMask or set at least one editable field. Editable fields: {allowed}.",
                $"Không có gì để cập nhật: hãy nêu các trường trong updateMask hoặc gửi ít nhất một trường có thể sửa. Các trường được sửa: {allowed}.");
        }

        return fields.Distinct().ToList();
    }

    /// <summary>A field of <paramref name="message"/> by its proto name or its JSON (lowerCamelCase) name.</summary>
    public static FieldDescriptor? FindField(MessageDescriptor message, string name) =>
        message.FindFieldByName(name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    private static void Refuse(Validation validation, string raw, FieldDescriptor? field, UpdateMaskRules rules, string allowed)
    {
        if (field is not null && IsOutputOnly(field))
        {
            var (hint, hintVi) = rules.OutputOnlyHint is { } h ? ($"; {h.En}", $"; {h.Vi}") : (string.Empty, string.Empty);
            validation.Add(
                "updateMask",
                $"'{raw}' is output only{hint}. Editable fields: {allowed}.",
                $"'{raw}' là trường chỉ đọc{hintVi}. Các trường được sửa: {allowed}.");
        }
        else
        {
            validation.Add(
                "updateMask",
                $"'{raw}' is not a field of {rules.Resource} that can be updated. Editable fields: {allowed}.",
                $"'{raw}' không phải trường có thể cập nhật của {rules.ResourceVi}. Các trường được sửa: {allowed}.");
        }
    }

    /// <summary>The top-level field a path names; `a.b` only when `a` is a singular message field.</summary>
    private static FieldDescriptor? FindTopLevel(MessageDescriptor message, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var field = FindField(message, dot < 0 ? path : path[..dot]);
        return dot < 0 || field is { FieldType: FieldType.Message, IsRepeated: false, IsMap: false } ? field : null;
    }

    private static bool IsOutputOnly(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.OutputOnly) == true;

    /// <summary>proto3 "set": present for fields with presence, otherwise not the default value.</summary>
    private static bool IsSet(IMessage message, string name)
    {
        var field = message.Descriptor.FindFieldByName(name)
            ?? throw new InvalidOperationException($"{message.Descriptor.FullName} has no field '{name}' (UpdateMaskRules.Editable).");
        if (field.HasPresence && !field.IsRepeated)
        {
            return field.Accessor.HasValue(message);
        }

        return field.Accessor.GetValue(message) switch
        {
            ICollection items => items.Count > 0,
            string text => text.Length > 0,
            ByteString bytes => !bytes.IsEmpty,
            var value => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
        };
    }
}
