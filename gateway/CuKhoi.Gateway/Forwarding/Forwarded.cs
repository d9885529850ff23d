using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Rules;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;

namespace CuKhoi.Gateway.Forwarding;

/// <summary>
/// How a forwarder passes one call on: through the downstream's resilience pipeline, with the
/// caller's deadline, cancellation and identity, retried only when the method's rule says
/// it is a read. A read (and a stream) is relayed as the service wrote it, not decoded and
/// encoded again: to a gRPC caller as it is, to a REST caller as JSON written from its bytes
/// (<see cref="RelayedJson"/>). A write's answer is decoded: it names what it created, for
/// the audit trail and the Location header.
/// </summary>
internal static class Forwarded
{
    public static Task<TResponse> ForwardAsync<TClient, TResponse>(
        this DownstreamClient<TClient> downstream,
        Func<TClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        ServerCallContext context)
        where TClient : ClientBase<TClient>
        where TResponse : IMessage<TResponse>, new()
    {
        var http = context.GetHttpContext();
        var isRead = http.GetEndpoint()?.Metadata.GetMetadata<EndpointRule>()?.IsRead == true;
        var via = downstream;
        if (isRead && http.IsGrpc())
        {
            via = downstream.Relaying;
        }
        else if (isRead && RelayedJson.WriterFor<TResponse>(http) is { } json)
        {
            // A REST read: its JSON is written from the relayed bytes (RelayedJson).
            http.GatewayRequest().RelayedAs = json;
            via = downstream.Relaying;
        }

        return via.CallAsync(call, isRead, CallerHeaders(context), context.Deadline, context.CancellationToken);
    }

    /// <summary>
    /// Copies a downstream server stream to the caller message by message, never decoded: to a
    /// gRPC caller as the service wrote each one, to a REST caller as NDJSON written from the
    /// service's bytes (<see cref="NdjsonLines"/>) rather than through transcoding's writer.
    /// </summary>
    public static async Task ForwardStreamAsync<TClient, TResponse>(
        this DownstreamClient<TClient> downstream,
        Func<TClient, CallOptions, AsyncServerStreamingCall<TResponse>> call,
        IServerStreamWriter<TResponse> writer,
        ServerCallContext context)
        where TClient : ClientBase<TClient>
        where TResponse : IMessage
    {
        var http = context.GetHttpContext();
        var messages = downstream.Relaying.ReadStreamAsync(call, CallerHeaders(context), context.Deadline, context.CancellationToken);
        if (!http.IsGrpc())
        {
            await NdjsonLines.WriteAsync(messages, http, context.CancellationToken);
            return;
        }

        await foreach (var message in messages.WithCancellation(context.CancellationToken))
        {
            await writer.WriteAsync(message, context.CancellationToken);
        }
    }

    /// <summary>
    /// The end caller for the service to decide visibility: the key id (or "anonymous")
    /// and its scopes, and the caller's trace context (<see cref="TraceContext"/>). The
    /// internal token is added by the downstream client.
    /// </summary>
    private static Metadata CallerHeaders(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var headers = CallerHeaders(http.User.Caller());
        TraceContext.PassOn(http.Request.Headers, headers);
        return headers;
    }

    /// <summary>The same for a call the gateway makes itself for a caller (an admin route).</summary>
    public static Metadata CallerHeaders(GatewayCaller caller) =>
        new()
        {
            { CallMetadata.Principal, caller.Id },
            { CallMetadata.Scopes, caller.ScopeList },
        };
}
