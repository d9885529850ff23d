using System.Globalization;
using Grpc.Core;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Writes a refusal the gateway decides before any gRPC handler runs (authorization, rate
/// limits, body checks) in the caller's protocol: a trailers-only gRPC status with its rich
/// details for gRPC callers, the endpoint's own page where it has one, google.rpc.Status
/// JSON (<see cref="StatusJson"/>) for REST.
/// </summary>
public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, RpcException problem)
    {
        if (context.IsGrpc())
        {
            WriteTrailersOnly(context.Response, problem);
            return Task.CompletedTask;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<OwnErrorBody>()?.Write is { } write)
        {
            return write(context, problem);
        }

        return StatusJson.WriteAsync(context, problem);
    }

    /// <summary>A gRPC answer with no message: HTTP 200, the status in the headers.</summary>
    private static void WriteTrailersOnly(HttpResponse response, RpcException problem)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)problem.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(problem.Status.Detail);
        if (problem.Trailers.Get("grpc-status-details-bin") is { } details)
        {
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(details.ValueBytes).TrimEnd('=');
        }
    }
}

/// <summary>
/// Marks an endpoint whose error responses are not google.rpc.Status JSON by design: /readyz
/// (its own JSON body), the printable report (HTML pages, written by <see cref="Write"/>).
/// </summary>
public sealed class OwnErrorBody(Func<HttpContext, RpcException, Task>? write = null)
{
    public static readonly OwnErrorBody Json = new();

    /// <summary>How the endpoint answers a refusal decided before it runs (a rejected key).</summary>
    public Func<HttpContext, RpcException, Task>? Write { get; } = write;
}
