using System.Runtime.CompilerServices;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// Calls one downstream gRPC service through its resilience pipeline with a deadline
/// (the caller's, or the configured bound if sooner) and the caller's cancellation.
/// Failures that mean "the service is down" become UNAVAILABLE (503), "too slow"
/// DEADLINE_EXCEEDED (504), both with our own message (no host names leak); the
/// downstream's own errors pass through with their rich details. One client over the
/// downstream's one channel serves every call, and a second over the same channel relays
/// answers undecoded (<see cref="Relaying"/>).
/// </summary>
public sealed class DownstreamClient<TClient>(
    TClient client,
    TClient relayClient,
    string name,
    DownstreamOptions options,
    ResiliencePipeline pipeline,
    TimeProvider timeProvider,
    ILogger<DownstreamClient<TClient>> logger)
    where TClient : ClientBase<TClient>
{
    private DownstreamClient<TClient>? _relaying;

    public string Name => name;

    /// <summary>
    /// The same downstream (same pipeline, breaker and deadline) whose answers are not decoded
    /// but kept as the service's bytes (<see cref="VerbatimResponses"/>): for a caller that
    /// passes the answer's bytes on without reading its fields.
    /// </summary>
    public DownstreamClient<TClient> Relaying => _relaying ??= new(relayClient, relayClient, name, options, pipeline, timeProvider, logger);

    /// <summary>A unary call. `isRead` allows retries of UNAVAILABLE; writes are tried once.</summary>
    public async Task<TResponse> CallAsync<TResponse>(
        Func<TClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        bool isRead,
        Metadata? headers = null,
        DateTime? callerDeadline = null,
        CancellationToken cancellationToken = default)
    {
        var deadline = Deadline(callerDeadline);
        var started = timeProvider.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DownstreamPipeline.IsRead, isRead);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var response = state.call(state.client, new CallOptions(state.headers, state.deadline, ctx.CancellationToken));
                    try
                    {
                        return await response.ResponseAsync;
                    }
                    catch (RpcException) when (ctx.CancellationToken.IsCancellationRequested)
                    {
                        throw Cancelled(ctx.CancellationToken);
                    }
                },
                context,
                (call, client, headers, deadline));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: say so the way gRPC does.
            throw CallerCancelled();
        }
        catch (Exception e) when (Translate(e, started, deadline) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Reads a server stream. The first message is awaited through the pipeline (breaker
    /// and attempt timeout, never retried), so a service that is down fails fast like a
    /// unary call; later failures are translated the same way, and a stream that breaks
    /// half-way is for the caller to resume (exports carry resume tokens). The deadline is
    /// the caller's only: an export may rightly run longer than any unary bound.
    /// </summary>
    public async IAsyncEnumerable<TResponse> ReadStreamAsync<TResponse>(
        Func<TClient, CallOptions, AsyncServerStreamingCall<TResponse>> call,
        Metadata? headers = null,
        DateTime? callerDeadline = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var deadline = StreamDeadline(callerDeadline);
        using var streaming = call(client, new CallOptions(headers, deadline, cancellationToken));
        bool more;
        try
        {
            more = await pipeline.ExecuteAsync(
                static async (reader, ct) =>
                {
                    try
                    {
                        return await reader.MoveNext(ct);
                    }
                    catch (RpcException) when (ct.IsCancellationRequested)
                    {
                        throw Cancelled(ct);
                    }
                },
                streaming.ResponseStream,
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw CallerCancelled();
        }
        catch (Exception e) when (Translate(e, started, deadline) is { } translated)
        {
            throw translated;
        }

        while (more)
        {
            yield return streaming.ResponseStream.Current;
            try
            {
                more = await streaming.ResponseStream.MoveNext(cancellationToken);
            }
            catch (Exception e) when (Translate(e, started, deadline) is { } translated)
            {
                throw translated;
            }
        }
    }

    /// <summary>
    /// A call cancelled by the attempt timeout or by the caller ends as whatever status the
    /// transport made of it (CANCELLED, or the server's own reaction); Polly recognises only
    /// OperationCanceledException, which it turns into a timeout when its timer fired.
    /// </summary>
    private static OperationCanceledException Cancelled(CancellationToken token) =>
        new("The downstream call was cancelled.", token);

    private static RpcException CallerCancelled() => new(new Status(StatusCode.Cancelled, "The call was cancelled."));

    /// <summary>
    /// The caller's deadline or the configured bound, whichever is sooner. gRPC compares
    /// deadlines with the system clock, so this uses it too (not the injected TimeProvider,
    /// which tests fake to drive the breaker).
    /// </summary>
    private DateTime Deadline(DateTime? callerDeadline)
    {
        var bound = DateTime.UtcNow + options.Deadline;
        return callerDeadline is { } caller && caller != DateTime.MaxValue && caller < bound ? caller : bound;
    }

    private static DateTime? StreamDeadline(DateTime? callerDeadline) =>
        callerDeadline is { } caller && caller != DateTime.MaxValue ? caller : null;

    /// <summary>
    /// Failures that mean "down or too slow" become our own UNAVAILABLE / DEADLINE_EXCEEDED;
    /// the service's own answers (with rich details) pass through; anything else the
    /// client library made up is re-said without its message, which may name hosts.
    /// </summary>
    private RpcException? Translate(Exception e, long started, DateTime? deadline)
    {
        var elapsed = timeProvider.GetElapsedTime(started);
        switch (e)
        {
            case BrokenCircuitException broken:
                logger.LogWarning("Circuit to {Service} is open; failing fast after {Elapsed}", name, elapsed);
                return Unavailable(broken.RetryAfter);
            case TimeoutRejectedException:
                logger.LogWarning("{Service} did not answer within {Timeout} ({Elapsed})", name, options.AttemptTimeout, elapsed);
                return DeadlineExceeded();
            case RpcException rpc when rpc.Trailers.Get("grpc-status-details-bin") is { } details:
                // The downstream's own answer: keep only the rich status, drop other trailers.
                return new RpcException(rpc.Status, [details], rpc.Message);
            case RpcException { StatusCode: StatusCode.DeadlineExceeded }:
            case RpcException or OperationCanceledException when deadline is { } due && DateTime.UtcNow >= due:
                // Past the deadline, the service's timer and the client's race: what arrives may
                // also be the service's handler cancelled half-way (UNKNOWN) or its stream reset
                // (INTERNAL, CANCELLED). Whichever won, the caller ran out of time: 504, never 500.
                logger.LogWarning(e, "{Service} did not answer before the deadline ({Elapsed})", name, elapsed);
                return DeadlineExceeded();
            case RpcException { StatusCode: StatusCode.Unavailable } rpc:
                // Transport failure (connection refused, reset): its message names hosts.
                logger.LogWarning(rpc, "{Service} is unavailable after {Elapsed}", name, elapsed);
                return Problems.Unavailable(name);
            case RpcException { StatusCode: StatusCode.Cancelled }:
                return CallerCancelled();
            case OperationCanceledException:
                // Not the caller (caught before) and not Polly's timer (a TimeoutRejectedException):
                // the call's own deadline raced its cancellation.
                logger.LogWarning("{Service} call was cancelled at its deadline ({Elapsed})", name, elapsed);
                return DeadlineExceeded();
            case RpcException rpc:
                // No rich status means the client library, not the service, wrote this
                // status; its message may name hosts. Keep the code, say it our way.
                logger.LogWarning(rpc, "{Service} call failed with {StatusCode} after {Elapsed}", name, rpc.StatusCode, elapsed);
                return rpc.StatusCode == StatusCode.Internal || rpc.StatusCode == StatusCode.Unknown
                    ? Problems.Internal()
                    : Problems.Create(
                        rpc.StatusCode,
                        rpc.StatusCode.ToString().ToUpperInvariant(),
                        $"The {name} service answered {rpc.StatusCode}.",
                        $"Dịch vụ {name} trả lời {rpc.StatusCode}.",
                        metadata: new Dictionary<string, string> { ["service"] = name });
            default:
                return null;
        }
    }

    /// <summary>UNAVAILABLE, with the seconds until the breaker lets a call through when it is open (REST: Retry-After).</summary>
    private RpcException Unavailable(TimeSpan? retryAfter) =>
        retryAfter is not { } after
            ? Problems.Unavailable(name)
            : Problems.Create(
                StatusCode.Unavailable,
                Problems.Reasons.Unavailable,
                $"The {name} service is unavailable; try again in {Math.Ceiling(after.TotalSeconds)} s.",
                $"Dịch vụ {name} tạm thời không phản hồi; vui lòng thử lại sau {Math.Ceiling(after.TotalSeconds)} giây.",
                metadata: new Dictionary<string, string>
                {
                    ["service"] = name,
                    ["retryAfterSeconds"] = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                });

    private RpcException DeadlineExceeded() =>
        Problems.Create(
            StatusCode.DeadlineExceeded,
            "DEADLINE_EXCEEDED",
            $"The {name} service did not answer in time; try again shortly.",
            $"Dịch vụ {name} không phản hồi kịp thời; vui lòng thử lại sau.",
            metadata: new Dictionary<string, string> { ["service"] = name });
}
