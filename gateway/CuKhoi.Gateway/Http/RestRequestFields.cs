using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Moves what REST says in headers into the request message, where the services read it:
/// If-Match → etag (resource.etag for Update*, request.etag otherwise), Idempotency-Key →
/// request_id, and for PATCH without `updateMask` the mask of the JSON keys present.
/// </summary>
public static class RestRequestFields
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Apply(HttpContext http, IMessage request)
    {
        var headers = http.Request.Headers;
        if (EntityTags.FirstOpaque(headers[HeaderNames.IfMatch]) is { Length: > 0 } etag)
        {
            SetEtag(request, etag);
        }

        if (headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } key)
        {
            if (key.Length > Idempotency.MaxKeyLength)
            {
                throw Problems.InvalidArgument(
                    "requestId",
                    $"The Idempotency-Key header must be at most {Idempotency.MaxKeyLength} characters.",
                    $"Header Idempotency-Key không được dài quá {Idempotency.MaxKeyLength} ký tự.");
            }

            SetString(request, "request_id", key);
        }

        if (http.GatewayRequestIfAny()?.BodyKeys is { } keys
            && http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoded)
        {
            DeriveUpdateMask(transcoded.MethodDescriptor, request, keys);
        }
    }

    private static void SetEtag(IMessage request, string etag)
    {
        if (SetString(request, "etag", etag))
        {
            return;
        }

        // Update*: the etag travels inside the resource.
        foreach (var field in request.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field is { FieldType: FieldType.Message, IsRepeated: false } && field.Accessor.GetValue(request) is IMessage resource && SetString(resource, "etag", etag))
            {
                return;
            }
        }
    }

    private static bool SetString(IMessage message, string name, string value)
    {
        if (message.Descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field)
        {
            field.Accessor.SetValue(message, value);
            return true;
        }

        return false;
    }

    /// <summary>
    /// AIP-134: a PATCH without a mask updates the fields it sends. Keys are the body's
    /// JSON names (camelCase) mapped to proto paths; identity and etag are not updates.
    /// </summary>
    private static void DeriveUpdateMask(MethodDescriptor method, IMessage request, IReadOnlyList<string> keys)
    {
        if (request.Descriptor.FindFieldByName("update_mask") is not { FieldType: FieldType.Message } maskField
            || maskField.Accessor.GetValue(request) is FieldMask { Paths.Count: > 0 }
            || ProtoMethods.BodyField(method)?.MessageType is not { } resource)
        {
            return;
        }

        var mask = new FieldMask();
        foreach (var key in keys)
        {
            // A key that names no field goes as sent: the service refuses it by that name.
            var path = UpdateMasks.FindField(resource, key)?.Name ?? key;
            if (path is not ("etag" or "id") && !mask.Paths.Contains(path))
            {
                mask.Paths.Add(path);
            }
        }

        maskField.Accessor.SetValue(request, mask);
    }
}
