using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using CuKhoi.Protos.Gateway.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CuKhoi.Gateway.Rules;

/// <summary>
/// What the gateway knows about one endpoint, carried as its endpoint metadata: the
/// declaration (<see cref="Rule"/>, `(cukhoi.gateway.v1.rule)` on the rpc in the proto, or
/// written in C# for the admin routes), the action the audit trail names, and whether the
/// method streams. Authorization, the rate limiter, the audit trail, the forwarders and the
/// REST semantics all read this, never a method name.
/// </summary>
public sealed class EndpointRule
{
    private readonly string? _resourceTemplate;

    /// <summary>The rule of an RPC, from its descriptor (see <see cref="RpcRules"/>).</summary>
    public EndpointRule(MethodDescriptor method, Rule declared)
        : this($"{method.Service.FullName}/{method.Name}", declared)
    {
        Streams = method.IsServerStreaming;
        _resourceTemplate = ProtoMethods.PathTemplate(method) is { } template ? ProtoMethods.WithoutVerb(template) : null;
    }

    private EndpointRule(string action, Rule declared)
    {
        Action = action;
        Declared = declared;
        RequiredScope = declared.Access switch
        {
            Rule.Types.Access.Public => null,
            Rule.Types.Access.Scoped => declared.Scope,
            _ => Scopes.Admin,
        };
    }

    /// <summary>"cukhoi.articles.v1.ArticleService/CreateArticle" for an RPC, the route name ("CreateApiKey") otherwise.</summary>
    public string Action { get; }

    public Rule Declared { get; }

    /// <summary>A server-streaming RPC (the exports): read as a stream, never retried.</summary>
    public bool Streams { get; }

    /// <summary>The scope a caller's key must hold; null when anyone may call.</summary>
    public string? RequiredScope { get; }

    /// <summary>The authorization policy that enforces <see cref="RequiredScope"/> (see <see cref="AccessPolicies"/>).</summary>
    public string Policy => AccessPolicies.For(RequiredScope);

    /// <summary>A read may be retried when an attempt fails with UNAVAILABLE; a write never is.</summary>
    public bool IsRead => Declared.Kind == Rule.Types.Kind.Read;

    public bool Audited => Declared.Audited;

    /// <summary>Creates: the REST path template of what was created, filled from the response.</summary>
    public string? Location => Declared.Location is { Length: > 0 } location ? location : null;

    /// <summary>Counts also against the stricter per-client view window.</summary>
    public bool ViewLimited => Declared.RateLimit == Rule.Types.RateLimit.Views;

    /// <summary>The REST path of the resource a request addresses (its route without the verb, filled from it); null when it has none.</summary>
    public string? ResourceOf(IMessage? request) =>
        _resourceTemplate is not null && request is not null ? ProtoMethods.Render(_resourceTemplate, request) : null;

    /// <summary>Where a create put what it made: <see cref="Location"/> filled from the response.</summary>
    public string? LocationOf(IMessage response) => Location is { } template ? ProtoMethods.Render(template, response) : null;

    /// <summary>An admin route written in C# (key management, audit): not an RPC, same rule shape.</summary>
    public static EndpointRule AdminRoute(string name, bool audited) =>
        new(name, new Rule { Access = Rule.Types.Access.Admin, Kind = audited ? Rule.Types.Kind.Write : Rule.Types.Kind.Read, Audited = audited });
}
