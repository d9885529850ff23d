using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CuKhoi.Gateway.Http;

/// <summary>The gateway's own refusals of a request before any service sees it.</summary>
public static class GatewayProblems
{
    public static class Reasons
    {
        public const string MalformedRequest = "MALFORMED_REQUEST";
        public const string InvalidUtf8 = "INVALID_UTF8";
        public const string InvalidEnumValue = "INVALID_ENUM_VALUE";
        public const string UnsupportedContentType = "UNSUPPORTED_CONTENT_TYPE";
        public const string RequestTooLarge = "REQUEST_TOO_LARGE";
        public const string RouteNotFound = "ROUTE_NOT_FOUND";
        public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
        public const string RateLimited = "RATE_LIMITED";
    }

    public static RpcException Malformed(string detail, string detailVi, string? field = null) =>
        Problems.Create(
            StatusCode.InvalidArgument,
            Reasons.MalformedRequest,
            $"The request is malformed: {detail}",
            $"Yêu cầu không đúng định dạng: {detailVi}",
            field is null ? null : [Problems.Violation(field, detail, detailVi, Reasons.MalformedRequest)]);

    public static RpcException InvalidUtf8() =>
        Problems.Create(
            StatusCode.InvalidArgument,
            Reasons.InvalidUtf8,
            "The request body is not valid UTF-8.",
            "Nội dung yêu cầu không phải văn bản UTF-8 hợp lệ.");

    public static RpcException InvalidEnum(string field, string value, IReadOnlyList<string> allowed)
    {
        var list = string.Join(", ", allowed);
        var message = $"'{value}' is not a valid value for {field}; use one of: {list}.";
        var messageVi = $"'{value}' không phải giá trị hợp lệ của {field}; hãy dùng một trong các giá trị: {list}.";
        return Problems.Create(
            StatusCode.InvalidArgument,
            Reasons.InvalidEnumValue,
            message,
            messageVi,
            [Problems.Violation(field, message, messageVi, Reasons.InvalidEnumValue)],
            new Dictionary<string, string> { ["field"] = field, ["value"] = value, ["allowed"] = string.Join(",", allowed) });
    }

    public static RpcException UnsupportedContentType(string? contentType) =>
        Problems.Create(
            StatusCode.InvalidArgument,
            Reasons.UnsupportedContentType,
            $"The request body must be JSON (Content-Type: application/json), not '{contentType}'.",
            $"Nội dung yêu cầu phải là JSON (Content-Type: application/json), không phải '{contentType}'.");

    public static RpcException TooLarge(long limit) =>
        Problems.Create(
            StatusCode.InvalidArgument,
            Reasons.RequestTooLarge,
            $"The request body is larger than the {limit / 1024} KiB the gateway accepts.",
            $"Nội dung yêu cầu lớn hơn giới hạn {limit / 1024} KiB mà gateway chấp nhận.",
            metadata: new Dictionary<string, string> { ["limitBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static RpcException RateLimited(TimeSpan? retryAfter) =>
        Problems.Create(
            StatusCode.ResourceExhausted,
            Reasons.RateLimited,
            "Too many requests; slow down and retry after the time in Retry-After.",
            "Quá nhiều yêu cầu; vui lòng chờ theo thời gian trong Retry-After rồi thử lại.",
            metadata: retryAfter is { } after
                ? new Dictionary<string, string> { ["retryAfterSeconds"] = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : null);

    /// <summary>An error status the framework chose with no body of ours (unknown route, 405, 413...).</summary>
    public static RpcException ForStatus(HttpContext context)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        var where = $"{request.Method} {request.Path}";
        return status switch
        {
            StatusCodes.Status404NotFound => Problems.Create(
                StatusCode.NotFound,
                Reasons.RouteNotFound,
                $"No route matches {where}.",
                $"Không có đường dẫn nào khớp với {where}.",
                metadata: new Dictionary<string, string> { ["path"] = request.Path.ToString() }),
            StatusCodes.Status405MethodNotAllowed => Problems.Create(
                StatusCode.Unimplemented,
                Reasons.MethodNotAllowed,
                $"{request.Method} is not allowed on {request.Path}.",
                $"Không cho phép phương thức {request.Method} trên {request.Path}."),
            StatusCodes.Status413PayloadTooLarge => Problems.Create(
                StatusCode.InvalidArgument,
                Reasons.RequestTooLarge,
                "The request body is too large.",
                "Nội dung yêu cầu quá lớn."),
            StatusCodes.Status415UnsupportedMediaType => UnsupportedContentType(request.ContentType),
            >= 500 => Problems.Internal(),
            _ => Problems.Create(
                StatusGrpc(status),
                $"HTTP_{status}",
                $"The request to {where} failed with HTTP {status}.",
                $"Yêu cầu tới {where} thất bại với mã HTTP {status}."),
        };
    }

    private static StatusCode StatusGrpc(int status) => StatusJson.GrpcCodeOf(status);
}
