using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Downstream;

public static class DownstreamExtensions
{
    /// <summary>
    /// Registers a typed gRPC client for `Services:{section}` (address, timeouts, breaker)
    /// that carries the internal token, no channel-level retries, and a
    /// <see cref="DownstreamClient{TClient}"/> singleton wrapping it with its pipeline.
    /// Returns the HttpClient builder so tests can swap the primary handler.
    /// </summary>
    public static IHttpClientBuilder AddDownstream<TClient>(this WebApplicationBuilder builder, string name, string section)
        where TClient : ClientBase<TClient>
    {
        var options = builder.Configuration.GetSection($"Services:{section}").Get<DownstreamOptions>() ?? new DownstreamOptions();
        if (options.Address is null)
        {
            throw new InvalidOperationException($"Services:{section}:Address must be set (e.g. http://127.0.0.1:5101).");
        }

        var token = builder.Configuration["Internal:Token"] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("Internal:Token (env Internal__Token) must be set to call the services.");

        builder.Services.AddSingleton(sp => new DownstreamClient<TClient>(
            () => sp.GetRequiredService<GrpcClientFactory>().CreateClient<TClient>(typeof(TClient).Name),
            name,
            options,
            DownstreamPipeline.Build(name, options, sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DownstreamClient<TClient>>>()));

        // grpc.health.v1 of the same service (readiness probes), over the very handler of
        // the typed client, so a test that swaps that handler swaps this one too.
        var clientName = typeof(TClient).Name;
        var healthName = $"{clientName}.Health";
        builder.Services
            .AddGrpcClient<Health.HealthClient>(healthName, o => o.Address = options.Address)
            .ConfigureChannel(channel => channel.ServiceConfig = null)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(clientName));
        builder.Services.AddSingleton(sp => new DownstreamHealth(
            name,
            () => sp.GetRequiredService<GrpcClientFactory>().CreateClient<Health.HealthClient>(healthName)));

        return builder.Services
            .AddGrpcClient<TClient>(clientName, o => o.Address = options.Address)
            // No channel retry policy: the Polly pipeline is the only retry layer.
            .ConfigureChannel(channel => channel.ServiceConfig = null)
            .AddInterceptor(() => new TokenInterceptor(token));
    }

    private sealed class TokenInterceptor(string token) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithToken(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithToken(context));

        private ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class
            where TResponse : class
        {
            // A copy: the caller's Metadata is reused when the pipeline retries a read.
            var headers = new Metadata();
            foreach (var entry in context.Options.Headers ?? [])
            {
                headers.Add(entry);
            }

            headers.Add(CallMetadata.InternalToken, token);
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }
    }
}
