using System.Data.Common;
using System.Security.Cryptography;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Dapper;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// Runs a write in one transaction and, when the request carries a request_id
/// (REST: Idempotency-Key, at most 64 characters), stores the response with it. A replay
/// with the same key and the same request returns the first response; the same key with
/// a different request is refused (REST 422). A write that lost a race to a concurrent
/// writer (<see cref="Etags.ConcurrentChange"/>) is run again on the new state, up to
/// <see cref="Attempts"/> times, unless its request carried an etag: then the caller's
/// precondition no longer holds and the answer is 409 ABORTED.
/// </summary>
public static class Idempotency
{
    public const int MaxKeyLength = 64;

    /// <summary>Tries of a write without a precondition that keeps losing races (then 409 ABORTED).</summary>
    public const int Attempts = 3;

    public static async Task<TResponse> WriteAsync<TResponse>(
        this Db db,
        ServerCallContext context,
        string? requestId,
        IMessage request,
        MessageParser<TResponse> parser,
        Func<DbConnection, DbTransaction, Task<TResponse>> write)
        where TResponse : IMessage<TResponse>
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(db, context, requestId, request, parser, write);
            }
            catch (ConcurrentChangeException) when (attempt < Attempts && !HasPrecondition(request))
            {
                // Rolled back; the next attempt reads again and decides on what the other writer left.
            }
            catch (ConcurrentChangeException e)
            {
                throw e.Conflict;
            }
        }
    }

    private static async Task<TResponse> WriteOnceAsync<TResponse>(
        this Db db,
        ServerCallContext context,
        string? requestId,
        IMessage request,
        MessageParser<TResponse> parser,
        Func<DbConnection, DbTransaction, Task<TResponse>> write)
        where TResponse : IMessage<TResponse>
    {
        var ct = context.CancellationToken;
        if (string.IsNullOrEmpty(requestId))
        {
            return await db.InTransactionAsync(write, ct, context.Deadline);
        }

        if (requestId.Length > MaxKeyLength)
        {
            throw Problems.InvalidArgument(
                "requestId",
                $"The idempotency key must be at most {MaxKeyLength} characters.",
                $"Khóa idempotency không được dài quá {MaxKeyLength} ký tự.");
        }

        var method = context.Method;
        var principal = context.GetCaller().Principal;
        var hash = Hash(request);
        return await db.InTransactionAsync(
            async (connection, transaction) =>
            {
                // A client retrying while its first attempt is still running: without this
                // lock both miss the key and the second fails on the primary key (a 500).
                // Held to commit, so the second then reads the stored response.
                await Dialect.LockKeyAsync(db, connection, transaction, $"{principal}\n{method}\n{requestId}", ct);

                var stored = await connection.QuerySingleOrDefaultAsync<(string RequestHash, byte[] Response)?>(
                    new CommandDefinition(SelectStored, new { principal, method, requestId }, transaction, cancellationToken: ct));
                if (stored is { } previous)
                {
                    return Replay(previous.RequestHash, previous.Response, hash, parser);
                }

                var response = await write(connection, transaction);
                await connection.ExecuteAsync(
                    new CommandDefinition(
                        """
                        INSERT INTO idempotency_keys (method, request_id, principal, request_hash, response, create_time)
                        VALUES (@method, @requestId, @principal, @hash, @response, @now)
                        """,
                        new { method, requestId, principal, hash, response = response.ToByteArray(), now = Clock.ToMicros(DateTimeOffset.UtcNow) },
                        transaction,
                        cancellationToken: ct));
                return response;
            },
            ct,
            context.Deadline);
    }

    /// <summary>
    /// The response stored for an earlier request with this request_id, or null when there
    /// is none (same key, different request: 422 as in <see cref="WriteAsync"/>). For writes
    /// that check changing state before their transaction opens (a contest's window, another
    /// service): a replay must get the first answer, not what that state would say now.
    /// </summary>
    public static async Task<TResponse?> StoredResponseAsync<TResponse>(
        this Db db,
        ServerCallContext context,
        string? requestId,
        IMessage request,
        MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse>
    {
        if (string.IsNullOrEmpty(requestId) || requestId.Length > MaxKeyLength)
        {
            return null;
        }

        var stored = await db.QuerySingleOrDefaultAsync<(string RequestHash, byte[] Response)?>(
            SelectStored,
            new { principal = context.GetCaller().Principal, method = context.Method, requestId },
            context.CancellationToken);
        return stored is { } previous ? Replay(previous.RequestHash, previous.Response, Hash(request), parser) : null;
    }

    /// <summary>Whether the request sets an etag (its own `etag`, or its resource's): an If-Match precondition.</summary>
    private static bool HasPrecondition(IMessage request)
    {
        foreach (var field in request.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(request);
            if ((field.Name == "etag" && value is string { Length: > 0 })
                || (field.FieldType == FieldType.Message && !field.IsRepeated && value is IMessage resource
                    && resource.Descriptor.FindFieldByName("etag")?.Accessor.GetValue(resource) is string { Length: > 0 }))
            {
                return true;
            }
        }

        return false;
    }

    private const string SelectStored = """
        SELECT request_hash AS RequestHash, response AS Response
        FROM idempotency_keys
        WHERE principal = @principal AND method = @method AND request_id = @requestId
        """;

    private static string Hash(IMessage request) => Convert.ToHexString(SHA256.HashData(request.ToByteArray()));

    private static TResponse Replay<TResponse>(string storedHash, byte[] storedResponse, string hash, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        if (storedHash != hash)
        {
            throw Problems.Create(
                StatusCode.InvalidArgument,
                Problems.Reasons.IdempotencyKeyReused,
                "This idempotency key was already used with a different request.",
                "Khóa idempotency này đã được dùng cho một yêu cầu khác.",
                [Problems.Violation("requestId", "Reused with a different request body.", "Đã dùng cho một nội dung yêu cầu khác.", Problems.Reasons.IdempotencyKeyReused)]);
        }

        return parser.ParseFrom(storedResponse);
    }
}
