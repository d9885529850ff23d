using CuKhoi.ServiceDefaults.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// The contract's error body (google.rpc.Status as JSON, details typed with "@type") for
/// what JSON transcoding does not write itself: admin routes, rate-limit refusals,
/// rewritten transcoding failures, unknown routes. Also the one gRPC → HTTP status table.
/// </summary>
public static class StatusJson
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The detail types every error may carry; JSON transcoding needs them to render Any.</summary>
    public static readonly TypeRegistry DetailTypes = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, LocalizedMessage.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(DetailTypes));

    /// <summary>The HTTP status of an error: the contract's table, and 422 for a reused idempotency key.</summary>
    public static int HttpStatusOf(RpcException e) =>
        Problems.ReasonOf(e) == Problems.Reasons.IdempotencyKeyReused ? StatusCodes.Status422UnprocessableEntity : HttpStatusOf(e.StatusCode);

    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => StatusCodes.Status408RequestTimeout,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The gRPC code closest to an HTTP status the framework chose (404 route, 405, 413...).</summary>
    public static StatusCode GrpcCodeOf(int httpStatus) => httpStatus switch
    {
        400 or 413 or 415 or 422 => StatusCode.InvalidArgument,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.NotFound,
        405 or 501 => StatusCode.Unimplemented,
        408 => StatusCode.Cancelled,
        409 => StatusCode.Aborted,
        429 => StatusCode.ResourceExhausted,
        503 => StatusCode.Unavailable,
        504 => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };

    /// <summary>Compact, like the bodies JSON transcoding writes (the protobuf formatter spaces its output).</summary>
    public static string Format(RpcException e) =>
        System.Text.Json.Nodes.JsonNode.Parse(Formatter.Format(e.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)e.StatusCode, Message = e.Status.Detail }))!.ToJsonString(Compact);

    private static readonly System.Text.Json.JsonSerializerOptions Compact = new()
    {
        // Vietnamese stays readable in the body rather than \u-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the error as the response (status from the table unless given).</summary>
    public static async Task WriteAsync(HttpContext context, RpcException e, int? httpStatus = null)
    {
        var response = context.Response;
        response.StatusCode = httpStatus ?? HttpStatusOf(e);
        response.ContentType = ContentType;
        response.ContentLength = null;
        await response.WriteAsync(Format(e), context.RequestAborted);
    }

    /// <summary>The same, as a minimal-API result.</summary>
    public static IResult Result(RpcException e) => new StatusResult(e);

    private sealed class StatusResult(RpcException e) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, e);
    }
}
