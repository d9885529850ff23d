using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// JSON transcoding refuses requests it cannot bind (wrong JSON types, unknown enum names
/// in the body or the query, a non-JSON content type) with a bare `{code, message}`.
/// This re-says them in the contract's shape: a reason, a vi-VN message and, for an
/// unknown enum name, a field violation listing the names the proto allows.
/// </summary>
public static partial class TranscodingErrors
{
    /// <summary>Null when the body already has the contract's shape (an ErrorInfo detail).</summary>
    public static RpcException? Rewrite(HttpContext context, ReadOnlySpan<byte> body)
    {
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array
                && details.EnumerateArray().Any(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("@type", out var type) && type.GetString()?.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal) == true))
            {
                return null;
            }

            message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var text) ? text.GetString() : null;
        }
        catch (JsonException)
        {
            // Not JSON at all (a framework page): say it our way below.
        }

        return message is null || context.Response.StatusCode != StatusCodes.Status400BadRequest
            ? GatewayProblems.ForStatus(context)
            : Classify(context, message);
    }

    private static RpcException Classify(HttpContext context, string message)
    {
        var input = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()?.MethodDescriptor;

        if (QueryEnum().Match(message) is { Success: true } query && input is not null)
        {
            return InvalidQueryEnum(context, input, query.Groups["value"].Value, query.Groups["name"].Value);
        }

        if (BodyEnum().Match(message) is { Success: true } body && input is not null)
        {
            var value = body.Groups["value"].Value;
            var clrType = body.Groups["type"].Value;
            var bodyField = ProtoMethods.BodyField(input);
            var start = bodyField?.MessageType ?? input.InputType;
            var prefix = bodyField is null ? string.Empty : bodyField.JsonName;
            if (FindEnum(start, prefix, e => e.ClrType?.ToString() == clrType, depth: 0) is { } found)
            {
                return GatewayProblems.InvalidEnum(found.Path, value, Allowed(found.Enum));
            }
        }

        if (message.StartsWith("Unable to read the request as JSON because the request content type", StringComparison.Ordinal))
        {
            return GatewayProblems.UnsupportedContentType(context.Request.ContentType);
        }

        if (message.StartsWith("Request JSON payload is not correctly formatted", StringComparison.Ordinal))
        {
            return GatewayProblems.Malformed(
                "a value in the body has the wrong JSON type (e.g. a number where text is expected) or is out of range.",
                "một giá trị trong nội dung có kiểu JSON sai (ví dụ số thay cho chữ) hoặc vượt giới hạn.");
        }

        // Query values that do not parse (pageSize=abc, publishedAfter=yesterday...).
        return GatewayProblems.Malformed(message, "một tham số của yêu cầu không đúng kiểu hoặc định dạng.");
    }

    private static RpcException InvalidQueryEnum(HttpContext context, MethodDescriptor input, string value, string enumName)
    {
        foreach (var (key, values) in context.Request.Query)
        {
            if (!values.Contains(value) || Resolve(input.InputType, key) is not { FieldType: FieldType.Enum } field || field.EnumType.Name != enumName)
            {
                continue;
            }

            return GatewayProblems.InvalidEnum(key, value, Allowed(field.EnumType));
        }

        return GatewayProblems.Malformed($"'{value}' is not a valid {enumName}.", $"'{value}' không phải giá trị hợp lệ của {enumName}.");
    }

    /// <summary>A query key ("status", "subject.kind", snake or camel) to its field.</summary>
    private static FieldDescriptor? Resolve(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        foreach (var part in path.Split('.'))
        {
            if (message is null)
            {
                return null;
            }

            field = message.FindFieldByName(part) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == part);
            if (field is null)
            {
                return null;
            }

            message = field.FieldType == FieldType.Message ? field.MessageType : null!;
        }

        return field;
    }

    private static (string Path, EnumDescriptor Enum)? FindEnum(MessageDescriptor message, string prefix, Func<EnumDescriptor, bool> match, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var path = prefix.Length == 0 ? field.JsonName : $"{prefix}.{field.JsonName}";
            if (field.FieldType == FieldType.Enum && match(field.EnumType))
            {
                return (path, field.EnumType);
            }

            if (field.FieldType == FieldType.Message && !field.MessageType.FullName.StartsWith("google.", StringComparison.Ordinal)
                && FindEnum(field.MessageType, path, match, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>The names a caller may send: every value but the zero …_UNSPECIFIED.</summary>
    public static IReadOnlyList<string> Allowed(EnumDescriptor descriptor) =>
        descriptor.Values.Where(v => v.Number != 0).Select(v => v.Name).ToList();

    [GeneratedRegex(@"^Invalid value '(?<value>.*)' for enum type (?<name>\w+)\.$", RegexOptions.Singleline)]
    private static partial Regex QueryEnum();

    [GeneratedRegex(@"^Error converting value ""(?<value>.*)"" to enum type (?<type>\S+?)\.$", RegexOptions.Singleline)]
    private static partial Regex BodyEnum();
}
