using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// The one resilience pipeline per downstream service: retry (reads only, UNAVAILABLE
/// only) → circuit breaker (UNAVAILABLE, DEADLINE_EXCEEDED, attempt timeouts) → attempt
/// timeout. It is the only retry layer: channels are built without a retry policy.
/// (`AddStandardResilienceHandler` is not used: it cannot see gRPC status codes.)
/// </summary>
public static class DownstreamPipeline
{
    /// <summary>Set on the ResilienceContext of a call that only reads, so it may be retried.</summary>
    public static readonly ResiliencePropertyKey<bool> IsRead = new("cukhoi.is-read");

    public static ResiliencePipeline Build(string name, DownstreamOptions options, TimeProvider timeProvider) =>
        new ResiliencePipelineBuilder { Name = name, TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.ReadRetries),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    options.ReadRetries > 0
                    && args.Context.Properties.GetValue(IsRead, false)
                    && args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable }),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsServiceFailure(args.Outcome.Exception)),
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();

    /// <summary>Failures that say the service, not the request, is in trouble.</summary>
    public static bool IsServiceFailure(Exception? exception) => exception is
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded }
        or TimeoutRejectedException;
}
