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
/// Failures that mean "the service is down or too slow" become UNAVAILABLE with our own
/// message (no host names leak); the downstream's own errors pass through with their
/// rich details. Clients come from the gRPC client factory per call (pooled handlers).
/// </summary>
public sealed class DownstreamClient<TClient>(
    Func<TClient> createClient,
    string name,
    DownstreamOptions options,
    ResiliencePipeline pipeline,
    TimeProvider timeProvider,
    ILogger<DownstreamClient<TClient>> logger)
    where TClient : ClientBase<TClient>
{
    public string Name => name;


    /// <summary>A unary call. `isRead` allows retries of UNAVAILABLE; writes are tried once.</summary>
    public async Task<TResponse> CallAsync<TResponse>(
        Func<TClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        bool isRead,
        Metadata? headers = null,
        DateTime? callerDeadline = null,
        CancellationToken cancellationToken = default)
    {
        var deadline = Deadline(callerDeadline);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DownstreamPipeline.IsRead, isRead);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var response = state.call(state.client, new CallOptions(state.headers, state.deadline, ctx.CancellationToken));
                    return await response.ResponseAsync;
                },
                context,
                (call, client: createClient(), headers, deadline));
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Opens a server stream. Only the start goes through the breaker: a stream that
    /// breaks half-way is for the caller to resume (exports carry resume tokens).
    /// </summary>
    public AsyncServerStreamingCall<TResponse> Stream<TResponse>(
        Func<TClient, CallOptions, AsyncServerStreamingCall<TResponse>> call,
        Metadata? headers = null,
        DateTime? callerDeadline = null,
        CancellationToken cancellationToken = default) =>
        call(createClient(), new CallOptions(headers, callerDeadline, cancellationToken));

    /// <summary>Maps a failed stream read the same way as a failed unary call.</summary>
    public Exception TranslateStreamFailure(Exception e) => Translate(e) ?? e;

    private DateTime Deadline(DateTime? callerDeadline)
    {
        var bound = timeProvider.GetUtcNow().UtcDateTime + options.Deadline;
        return callerDeadline is { } caller && caller != DateTime.MaxValue && caller < bound ? caller : bound;
    }

    private RpcException? Translate(Exception e)
    {
        switch (e)
        {
            case BrokenCircuitException:
                logger.LogWarning("Circuit to {Service} is open; failing fast", name);
                return Problems.Unavailable(name);
            case TimeoutRejectedException:
                logger.LogWarning("{Service} did not answer within {Timeout}", name, options.AttemptTimeout);
                return Problems.Unavailable(name);
            case RpcException { StatusCode: StatusCode.Unavailable } rpc when Problems.ReasonOf(rpc) is null:
                // Transport failure (connection refused, reset): its message names hosts.
                logger.LogWarning(rpc, "{Service} is unavailable", name);
                return Problems.Unavailable(name);
            case RpcException rpc:
                // The downstream's own answer: keep only the rich status, drop other trailers.
                var trailers = new Metadata();
                if (rpc.Trailers.Get("grpc-status-details-bin") is { } details)
                {
                    trailers.Add(details);
                }

                return new RpcException(rpc.Status, trailers, rpc.Message);
            default:
                return null;
        }
    }
}
