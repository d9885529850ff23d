using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;

namespace CuKhoi.Gateway.Rules;

/// <summary>
/// Puts each RPC's rule on its endpoints (native gRPC and the JSON-transcoded REST route
/// alike: both come from the same service mapping) as <see cref="EndpointRule"/> metadata,
/// with the authorization policy it implies.
/// </summary>
public static class RuleEndpoints
{
    /// <summary>`app.MapGrpcService&lt;T&gt;().WithRpcRules()`: every method's rule from its descriptor.</summary>
    public static TBuilder WithRpcRules<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<GrpcMethodMetadata>().LastOrDefault() is { } grpc)
            {
                Apply(endpoint, RpcRules.For(grpc.ServiceType, grpc.Method.Name));
            }
        });
        return builder;
    }

    /// <summary>A route written in C# (the admin routes): the same metadata from a rule given here.</summary>
    public static TBuilder WithRule<TBuilder>(this TBuilder builder, EndpointRule rule)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => Apply(endpoint, rule));
        return builder;
    }

    /// <summary>
    /// Builds every endpoint now and refuses to start when a gRPC method has no rule: a
    /// service mapped without <see cref="WithRpcRules{TBuilder}"/>, or a method whose proto
    /// declares none (that one fails inside <see cref="RpcRules.For(Type, string)"/>).
    /// </summary>
    public static void EnsureEveryRpcHasARule(this IEndpointRouteBuilder app)
    {
        var undeclared = app.DataSources
            .SelectMany(source => source.Endpoints)
            .Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is not null && e.Metadata.GetMetadata<EndpointRule>() is null)
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()!.Method.FullName)
            .Distinct()
            .ToList();
        if (undeclared.Count > 0)
        {
            throw new InvalidOperationException(
                $"These gRPC methods are mapped without a gateway rule (map their service with .WithRpcRules()): {string.Join(", ", undeclared)}.");
        }
    }

    private static void Apply(EndpointBuilder endpoint, EndpointRule rule)
    {
        endpoint.Metadata.Add(rule);
        endpoint.Metadata.Add(new AuthorizeAttribute(rule.Policy));
    }
}
