using CuKhoi.Gateway.Http;
using CuKhoi.ServiceDefaults.Grpc;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// A graceful stop (SIGTERM): requests already running finish (up to `Shutdown:Timeout`,
/// 10 s); a request that arrives once the gateway is stopping is refused with UNAVAILABLE
/// (503 over REST, in the contract's shape; trailers-only over gRPC) and told to close the
/// connection, so the client goes to another gateway.
/// </summary>
public sealed class DrainingMiddleware(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return next(context);
        }

        if (!context.IsGrpc())
        {
            context.Response.Headers.Connection = "close";
        }

        return ErrorResponses.WriteAsync(context, Draining.ShuttingDown("gateway"));
    }
}
