using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// At the boundary, the one check of what every incoming message carries: each string is
/// checked for well-formed Unicode (what invalid UTF-8 leaves behind) and normalised to NFC,
/// so text typed with Telex/VNI, pasted from Word or sent NFD from macOS is stored one way;
/// each google.protobuf.Timestamp must be a real instant (0001-01-01 to 9999-12-31 UTC,
/// nanos 0–999,999,999), so no handler meets one it cannot convert (that was an INTERNAL).
/// </summary>
public sealed class InputInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            Normalise(message, string.Empty);
        }

        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            Normalise(message, string.Empty);
        }

        return continuation(request, responseStream, context);
    }

    /// <summary>Normalises the strings of a message in place; throws INVALID_ARGUMENT naming the bad field.</summary>
    public static void Normalise(IMessage message, string path)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var fieldPath = path.Length == 0 ? field.JsonName : $"{path}.{field.JsonName}";
            var value = field.Accessor.GetValue(message);
            switch (field.FieldType)
            {
                case FieldType.String when field.IsRepeated:
                    var list = (System.Collections.IList)value;
                    for (var i = 0; i < list.Count; i++)
                    {
                        list[i] = Clean((string)list[i]!, $"{fieldPath}[{i}]");
                    }

                    break;
                case FieldType.String when !field.IsMap:
                    var text = (string)value;
                    var clean = Clean(text, fieldPath);
                    if (!ReferenceEquals(clean, text))
                    {
                        field.Accessor.SetValue(message, clean);
                    }

                    break;
                case FieldType.Message when !field.IsRepeated && value is Timestamp timestamp:
                    EnsureInstant(timestamp, fieldPath);
                    break;
                case FieldType.Message when field.IsRepeated && !field.IsMap:
                    var items = (System.Collections.IList)value;
                    for (var i = 0; i < items.Count; i++)
                    {
                        Normalise((IMessage)items[i]!, $"{fieldPath}[{i}]");
                    }

                    break;
                case FieldType.Message when !field.IsMap && value is IMessage nested:
                    Normalise(nested, fieldPath);
                    break;
            }
        }
    }

    /// <summary>The range .NET (and the proto3 JSON mapping) can represent.</summary>
    private static void EnsureInstant(Timestamp timestamp, string field)
    {
        const long MinSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
        const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
        if (timestamp.Seconds is < MinSeconds or > MaxSeconds || timestamp.Nanos is < 0 or > 999_999_999)
        {
            throw Problems.InvalidArgument(
                field,
                $"{field} is not a valid instant: it must lie between 0001-01-01 and 9999-12-31 (UTC).",
                $"{field} không phải mốc thời gian hợp lệ: phải nằm trong khoảng 0001-01-01 đến 9999-12-31 (UTC).");
        }
    }

    private static string Clean(string text, string field)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (!VietnameseText.IsWellFormed(text))
        {
            throw Problems.InvalidArgument(field, $"{field} is not valid UTF-8 text.", $"{field} không phải văn bản UTF-8 hợp lệ.");
        }

        return VietnameseText.Nfc(text);
    }
}
