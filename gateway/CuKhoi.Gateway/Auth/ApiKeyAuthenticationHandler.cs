using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Authenticates `Authorization: Bearer &lt;key&gt;` (REST) or the `authorization` metadata
/// (gRPC: the same HTTP/2 header) against <see cref="ApiKeyStore"/>. No key is no result
/// (anonymous); a key that is unknown or revoked fails, and is refused (401) even where
/// anonymous callers are welcome (<see cref="AccessPolicies"/>). The 401/403 bodies are
/// written by <see cref="AccessDeniedWriter"/>, in the caller's protocol.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        return await keys.AuthenticateAsync(key, Context.RequestAborted) is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : AuthenticateResult.Fail("The API key is not valid or has been revoked.");
    }

    /// <summary>The key: "Bearer &lt;key&gt;" or, from gRPC clients that send it bare, "&lt;key&gt;".</summary>
    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }

        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : header;
    }
}
