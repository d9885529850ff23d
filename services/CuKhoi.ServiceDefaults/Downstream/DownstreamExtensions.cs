using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Downstream;

public static class DownstreamExtensions
{
    /// <summary>
    /// Registers one downstream service from `Services:{section}`: its channel (one, long-lived,
    /// balanced over its replicas; see <see cref="DownstreamChannel"/>), a
    /// <see cref="DownstreamClient{TClient}"/> singleton that calls it through its resilience
    /// pipeline with the internal token (decoding answers, or relaying them verbatim), and a
    /// <see cref="DownstreamHealth"/> for readiness.
    /// </summary>
    public static WebApplicationBuilder AddDownstream<TClient>(this WebApplicationBuilder builder, string name, string section)
        where TClient : ClientBase<TClient>
    {
        var options = builder.Configuration.GetSection($"Services:{section}").Get<DownstreamOptions>() ?? new DownstreamOptions();
        if (options.Targets().Count == 0)
        {
            throw new InvalidOperationException($"Services:{section}:Address (or Services:{section}:Addresses:0, ...) must be set (e.g. http://127.0.0.1:5101).");
        }

        DownstreamChannel.Validate(section, options);

        // At start, not at the first call: a missing or weak token must stop the host.
        Secrets.InternalToken(builder.Configuration);

        var client = typeof(TClient).Name;
        builder.Services.AddKeyedSingleton(client, (sp, _) => DownstreamChannel.Create(
            section,
            options,
            sp.GetServices<DownstreamTransport>().LastOrDefault(t => t.Client == client),
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp =>
        {
            var invoker = sp.InternalInvoker(client);
            var time = sp.GetRequiredService<TimeProvider>();
            return new DownstreamClient<TClient>(
                (TClient)Activator.CreateInstance(typeof(TClient), invoker)!,
                (TClient)Activator.CreateInstance(typeof(TClient), new VerbatimResponses(invoker))!,
                name,
                options,
                DownstreamPipeline.Build(name, options, time),
                time,
                sp.GetRequiredService<ILogger<DownstreamClient<TClient>>>());
        });
        builder.Services.AddSingleton(sp => new DownstreamHealth(name, new Health.HealthClient(sp.GetRequiredKeyedService<GrpcChannel>(client))));
        return builder;
    }

    /// <summary>
    /// The downstream's one channel with the internal token on every call. The typed client
    /// calls through it inside its resilience pipeline; a call that must not share the
    /// pipeline's attempt timeout and breaker with the traffic (a backup that takes minutes)
    /// uses it directly with its own deadline.
    /// </summary>
    /// <param name="client">The downstream's client type name, e.g. "ArticleServiceClient".</param>
    public static CallInvoker InternalInvoker(this IServiceProvider services, string client) =>
        services.GetRequiredKeyedService<GrpcChannel>(client)
            .Intercept(new TokenInterceptor(Secrets.InternalToken(services.GetRequiredService<IConfiguration>())));

    /// <summary>Adds the internal token to every call (a copy of the caller's metadata: a retried read reuses it).</summary>
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
