using CuKhoi.ServiceDefaults.Grpc;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Enforces <see cref="MethodRules"/> on every RPC: native gRPC on :8081 and REST through
/// JSON transcoding alike (both run the same server interceptors).
/// </summary>
public sealed class ScopeInterceptor : CallCheckInterceptor
{
    protected override void Check(ServerCallContext context) =>
        Access.Demand(context.GetHttpContext(), MethodRules.For(context.Method).Scope);
}
