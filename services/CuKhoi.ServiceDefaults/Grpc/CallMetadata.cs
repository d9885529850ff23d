namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>Metadata keys the gateway and the services agree on (internal only).</summary>
public static class CallMetadata
{
    /// <summary>The shared internal service token (config `Internal:Token`).</summary>
    public const string InternalToken = "x-cukhoi-internal-token";

    /// <summary>The gateway's caller: an API key id, or "anonymous".</summary>
    public const string Principal = "x-cukhoi-principal";

    /// <summary>The caller's scopes, space-separated.</summary>
    public const string Scopes = "x-cukhoi-scopes";

    public const string Anonymous = "anonymous";
}
