using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using FieldViolation = Google.Rpc.BadRequest.Types.FieldViolation;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace CuKhoi.ServiceDefaults.Errors;

/// <summary>
/// The one way expected failures become <see cref="RpcException"/>s: a google.rpc.Status
/// with an English message, ErrorInfo, optional BadRequest field violations and a
/// vi-VN LocalizedMessage. The gateway's JSON transcoding renders it as the REST body.
/// </summary>
public static class Problems
{
    public const string Domain = "cukhoi.services";

    /// <summary>ErrorInfo reasons callers can switch on.</summary>
    public static class Reasons
    {
        public const string InvalidArgument = "INVALID_ARGUMENT";
        public const string NotFound = "NOT_FOUND";
        public const string AlreadyExists = "ALREADY_EXISTS";
        public const string EtagMismatch = "ETAG_MISMATCH";
        public const string IllegalTransition = "ILLEGAL_TRANSITION";
        public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
        public const string InvalidPageToken = "INVALID_PAGE_TOKEN";
        public const string PermissionDenied = "PERMISSION_DENIED";
        public const string Unauthenticated = "UNAUTHENTICATED";
        public const string Unavailable = "SERVICE_UNAVAILABLE";
        public const string Internal = "INTERNAL";
    }

    public static RpcException Create(
        StatusCode code,
        string reason,
        string message,
        string messageVi,
        IEnumerable<FieldViolation>? violations = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        var list = violations?.ToList();
        if (list is { Count: > 0 })
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(list);
            status.Details.Add(Any.Pack(badRequest));
        }

        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = "vi-VN", Message = messageVi }));
        return status.ToRpcException();
    }

    /// <summary>One bad field: 400 INVALID_ARGUMENT with a field violation.</summary>
    public static RpcException InvalidArgument(string field, string message, string messageVi, string reason = Reasons.InvalidArgument) =>
        Create(StatusCode.InvalidArgument, reason, message, messageVi, [Violation(field, message, messageVi)]);

    /// <summary>Several bad fields at once.</summary>
    public static RpcException InvalidArguments(IReadOnlyList<FieldViolation> violations) =>
        Create(
            StatusCode.InvalidArgument,
            Reasons.InvalidArgument,
            violations.Count == 1 ? violations[0].Description : $"The request has {violations.Count} invalid fields: {string.Join("; ", violations.Select(v => v.Description))}",
            violations.Count == 1 ? violations[0].LocalizedMessage.Message : $"Yêu cầu có {violations.Count} trường không hợp lệ: {string.Join("; ", violations.Select(v => v.LocalizedMessage.Message))}",
            violations);

    public static RpcException NotFound(string resource, string resourceVi, string id) =>
        Create(
            StatusCode.NotFound,
            Reasons.NotFound,
            $"{resource} '{id}' was not found.",
            $"Không tìm thấy {resourceVi} '{id}'.",
            metadata: new Dictionary<string, string> { ["resource"] = resource, ["id"] = id });

    public static RpcException AlreadyExists(string field, string message, string messageVi) =>
        Create(StatusCode.AlreadyExists, Reasons.AlreadyExists, message, messageVi, [Violation(field, message, messageVi)]);

    /// <summary>If-Match / etag did not match the stored version: 409 ABORTED.</summary>
    public static RpcException EtagMismatch(string resource, string resourceVi, string id) =>
        Create(
            StatusCode.Aborted,
            Reasons.EtagMismatch,
            $"{resource} '{id}' was changed by someone else; read it again and retry with the new etag.",
            $"{resourceVi} '{id}' đã được người khác thay đổi; hãy tải lại và thử lại với etag mới.",
            metadata: new Dictionary<string, string> { ["resource"] = resource, ["id"] = id });

    /// <summary>A lifecycle move that is not allowed: 400 FAILED_PRECONDITION naming the allowed moves.</summary>
    public static RpcException IllegalTransition(string resource, string resourceVi, string from, string to, IEnumerable<string> allowed)
    {
        var allowedList = allowed.ToList();
        var allowedText = allowedList.Count == 0 ? "none" : string.Join(", ", allowedList);
        var allowedTextVi = allowedList.Count == 0 ? "không có" : string.Join(", ", allowedList);
        return Create(
            StatusCode.FailedPrecondition,
            Reasons.IllegalTransition,
            $"{resource} cannot move from {from} to {to}; allowed from {from}: {allowedText}.",
            $"{resourceVi} không thể chuyển từ {from} sang {to}; từ {from} chỉ được chuyển sang: {allowedTextVi}.",
            metadata: new Dictionary<string, string> { ["from"] = from, ["to"] = to, ["allowed"] = string.Join(",", allowedList) });
    }

    /// <summary>A rule of the domain refuses the request: 400 FAILED_PRECONDITION.</summary>
    public static RpcException FailedPrecondition(string reason, string message, string messageVi, string? field = null) =>
        Create(
            StatusCode.FailedPrecondition,
            reason,
            message,
            messageVi,
            field is null ? null : [Violation(field, message, messageVi)]);

    public static RpcException PermissionDenied(string message, string messageVi) =>
        Create(StatusCode.PermissionDenied, Reasons.PermissionDenied, message, messageVi);

    public static RpcException Unauthenticated(string message, string messageVi) =>
        Create(StatusCode.Unauthenticated, Reasons.Unauthenticated, message, messageVi);

    public static RpcException Unavailable(string service) =>
        Create(
            StatusCode.Unavailable,
            Reasons.Unavailable,
            $"The {service} service is unavailable; try again shortly.",
            $"Dịch vụ {service} tạm thời không phản hồi; vui lòng thử lại sau.",
            metadata: new Dictionary<string, string> { ["service"] = service });

    public static RpcException Internal() =>
        Create(
            StatusCode.Internal,
            Reasons.Internal,
            "An internal error occurred; it has been logged.",
            "Đã xảy ra lỗi hệ thống; lỗi đã được ghi nhận.");

    public static FieldViolation Violation(string field, string description, string descriptionVi, string reason = Reasons.InvalidArgument) =>
        new()
        {
            Field = field,
            Description = description,
            Reason = reason,
            LocalizedMessage = new LocalizedMessage { Locale = "vi-VN", Message = descriptionVi },
        };

    /// <summary>The ErrorInfo reason of an RpcException that carries rich details, if any.</summary>
    public static string? ReasonOf(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
}
