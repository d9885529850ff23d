using System.Buffers;
using CuKhoi.Gateway.Rules;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// The REST-only semantics of the contract, in one place, on top of JSON transcoding:
/// If-Match → etag, Idempotency-Key → request_id, PATCH → update_mask from the body's keys
/// (<see cref="RestRequestFields"/>); ETag, 201 + Location, 204, 304 and the contract's
/// status for errors on the way out; NDJSON for exports. Native gRPC calls pass untouched
/// (they carry those fields in the message). For both, it names the resource a call
/// addressed or created, for the audit trail. What it decides goes to <see cref="GatewayRequest"/>.
/// </summary>
public sealed class HttpSemanticsInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        var rule = http.GetEndpoint()?.Metadata.GetMetadata<EndpointRule>();
        var rest = !http.IsGrpc();
        if (rest && request is IMessage message)
        {
            RestRequestFields.Apply(http, message);
        }

        // Only the audit trail reads the resource: a read pays nothing for it.
        var audited = rule?.Audited == true;
        if (audited)
        {
            http.GatewayRequest().Resource = rule!.ResourceOf(request as IMessage) ?? context.Method;
        }

        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (RpcException e) when (rest)
        {
            // The one status table (StatusJson): transcoding's own says 400 where the
            // contract says 422 (a reused Idempotency-Key), the rest agree.
            http.GatewayRequest().Answer(StatusJson.HttpStatusOf(e));
            if (RetryAfter(e) is { } seconds)
            {
                // An open breaker says when it will let a call through again.
                http.Response.Headers.RetryAfter = seconds;
            }

            throw;
        }

        var location = response is IMessage created ? rule?.LocationOf(created) : null;
        if (location is not null && audited)
        {
            http.GatewayRequest().Resource = location;
        }

        if (rest && response is IMessage reply)
        {
            Decorate(http, reply, location);
        }

        return response;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        if (!http.IsGrpc())
        {
            // Transcoding already writes one JSON message per line and flushes each;
            // only the media type says otherwise.
            http.GatewayRequest().AnswerAs("application/x-ndjson; charset=utf-8");
        }

        return continuation(request, responseStream, context);
    }

    private static string? RetryAfter(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable
        && e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Metadata.TryGetValue("retryAfterSeconds", out var seconds) == true
            ? seconds
            : null;

    private static void Decorate(HttpContext http, IMessage reply, string? location)
    {
        var request = http.GatewayRequestIfAny();
        if (request?.RelayedAs is { } writer)
        {
            // A relayed read reads as empty: its fields are in its bytes, written out once
            // into pooled memory for the ETag and the JSON.
            var size = reply.CalculateSize();
            var wire = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                reply.WriteTo(wire.AsSpan(0, size));
                EntityTagAndBody(http, reply, wire.AsSpan(0, size), writer);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(wire);
            }
        }
        else
        {
            EntityTagAndBody(http, reply, default, null);
        }

        if (location is not null)
        {
            http.Response.Headers.Location = location;
            http.GatewayRequest().Answer(StatusCodes.Status201Created);
        }
        else if (HttpMethods.IsDelete(http.Request.Method) && reply is Empty)
        {
            http.GatewayRequest().Answer(StatusCodes.Status204NoContent);
        }
    }

    /// <summary>The ETag (and 304) from the answer, decoded or as its bytes; a relayed read's JSON body.</summary>
    private static void EntityTagAndBody(HttpContext http, IMessage reply, ReadOnlySpan<byte> wire, WireJson? relayedAs)
    {
        var response = http.Response;
        if (reply.Descriptor.FindFieldByName("etag") is { FieldType: Google.Protobuf.Reflection.FieldType.String } field
            && (relayedAs is null ? field.Accessor.GetValue(reply) : WireJson.StringField(wire, field.FieldNumber)) is string { Length: > 0 } etag)
        {
            response.Headers.ETag = $"\"{etag}\"";
            if (HttpMethods.IsGet(http.Request.Method) && EntityTags.Matches(http.Request.Headers.IfNoneMatch, etag))
            {
                http.GatewayRequest().Answer(StatusCodes.Status304NotModified);
            }
        }

        if (relayedAs is not null && !http.GatewayRequest().SuppressBody)
        {
            http.GatewayRequest().Body = RelayedJson.Write(response, relayedAs, wire);
        }
    }
}
