using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// The last line: expected failures are already <see cref="RpcException"/>s and pass
/// through; anything else is logged in full and answered with a bare INTERNAL (no stack
/// traces, SQL or host names reach a caller). A database that stays locked or refuses
/// connections is UNAVAILABLE, which callers may retry.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case ConcurrentChangeException change:
                // Outside Idempotency.WriteAsync nothing runs the write again: say so.
                return change.Conflict;
            case OperationCanceledException when context.Deadline <= DateTime.UtcNow:
                // The deadline passed; its timer may not have cancelled the token yet.
                return new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed before the call completed."));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
            case NpgsqlException { IsTransient: true }:
                logger.LogWarning(e, "Database busy or unreachable in {Method}", context.Method);
                return Problems.Unavailable("database");
            default:
                logger.LogError(e, "Unhandled failure in {Method}", context.Method);
                return Problems.Internal();
        }
    }
}
