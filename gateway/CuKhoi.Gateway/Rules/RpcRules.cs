using System.Collections.Concurrent;
using System.Reflection;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using CuKhoi.Protos.Gateway.V1;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CuKhoi.Gateway.Rules;

/// <summary>
/// Reads each served RPC's `(cukhoi.gateway.v1.rule)` from its proto descriptor and checks it.
/// A method without one, or with one that cannot work (an unknown scope, a write that
/// streams, a Location naming a field the response lacks), is a configuration error: the
/// gateway refuses to start rather than guess who may call it.
/// </summary>
public static class RpcRules
{
    /// <summary>
    /// Services that are not ours and whose protos cannot carry our option: probes and
    /// discovery reveal only the public contract, so anyone may call them.
    /// </summary>
    private static readonly HashSet<string> FrameworkServices = new(StringComparer.Ordinal)
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    };

    private static readonly Rule FrameworkRule = new() { Access = Rule.Types.Access.Public, Kind = Rule.Types.Kind.Read };

    private static readonly ConcurrentDictionary<MethodDescriptor, EndpointRule> Cache = new();

    /// <summary>The rule of a method a gRPC service class serves (the class derives from a generated base).</summary>
    public static EndpointRule For(Type serviceType, string methodName)
    {
        var service = DescriptorOf(serviceType)
            ?? throw new InvalidOperationException($"{serviceType.Name} is not a generated gRPC service: the gateway cannot read its rules.");
        var method = service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"{service.FullName} has no method {methodName}.");
        return For(method);
    }

    public static EndpointRule For(MethodDescriptor method) => Cache.GetOrAdd(method, Build);

    private static EndpointRule Build(MethodDescriptor method)
    {
        var options = method.GetOptions();
        Rule rule;
        if (options?.HasExtension(GatewayExtensions.Rule) == true)
        {
            rule = options.GetExtension(GatewayExtensions.Rule);
        }
        else if (FrameworkServices.Contains(method.Service.FullName))
        {
            // Served by the framework itself (reflection is a duplex stream): nothing to check.
            return new EndpointRule(method, FrameworkRule);
        }
        else
        {
            throw new InvalidOperationException(
                $"{method.FullName} has no (cukhoi.gateway.v1.rule) option: declare who may call it, whether it is a read or a write and whether it is audited, next to its google.api.http route.");
        }

        var problems = Problems(method, rule).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The (cukhoi.gateway.v1.rule) of {method.FullName} cannot work: {string.Join("; ", problems)}.");
        }

        return new EndpointRule(method, rule);
    }

    private static IEnumerable<string> Problems(MethodDescriptor method, Rule rule)
    {
        if (rule.Access == Rule.Types.Access.Unspecified)
        {
            yield return "access must be PUBLIC, SCOPED, ADMIN or INTERNAL";
        }

        if (rule.Access == Rule.Types.Access.Scoped && !Scopes.All.Contains(rule.Scope))
        {
            yield return $"SCOPED needs a scope, one of {string.Join(", ", Scopes.All)} (not '{rule.Scope}')";
        }

        if (rule.Access != Rule.Types.Access.Scoped && rule.Scope.Length > 0)
        {
            yield return "a scope is only meaningful with access SCOPED";
        }

        if (rule.Kind == Rule.Types.Kind.Unspecified)
        {
            yield return "kind must be READ or WRITE (it decides whether the gateway may retry)";
        }

        if (method.IsClientStreaming || (method.IsServerStreaming && rule.Kind != Rule.Types.Kind.Read))
        {
            yield return "only server-streaming reads are forwarded as streams";
        }

        if (rule.Location.Length > 0)
        {
            if (method.IsServerStreaming)
            {
                yield return "a stream creates nothing to locate";
            }

            foreach (var variable in ProtoMethods.Variables(rule.Location).Where(v => !ProtoMethods.HasPath(method.OutputType, v)))
            {
                yield return $"location variable {{{variable}}} is not a field of {method.OutputType.FullName}";
            }
        }
    }

    /// <summary>The service descriptor behind a generated base class ([BindServiceMethod(typeof(X), ...)] → X.Descriptor).</summary>
    private static ServiceDescriptor? DescriptorOf(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } bind)
            {
                return bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ServiceDescriptor;
            }
        }

        return null;
    }
}
