using CuKhoi.Gateway.Auth;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;

namespace CuKhoi.Gateway.Forwarding;

/// <summary>What every forwarded call carries besides its request.</summary>
internal static class Forwarded
{
    /// <summary>
    /// The end caller for the service to decide visibility: the key id (or "anonymous")
    /// and its scopes. The internal token is added by the downstream client.
    /// </summary>
    public static Metadata CallerHeaders(this ServerCallContext context)
    {
        var caller = context.GetHttpContext().Caller();
        return new Metadata
        {
            { CallMetadata.Principal, caller.Id },
            { CallMetadata.Scopes, string.Join(' ', caller.Scopes) },
        };
    }

    /// <summary>Copies a downstream stream to the caller message by message (nothing buffered).</summary>
    public static async Task WriteAllAsync<T>(this IAsyncEnumerable<T> source, IServerStreamWriter<T> writer, CancellationToken ct)
    {
        await foreach (var message in source.WithCancellation(ct))
        {
            await writer.WriteAsync(message, ct);
        }
    }
}
