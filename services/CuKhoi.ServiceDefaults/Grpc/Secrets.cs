namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// The shared secrets a host starts with, refused when they are missing or short enough to
/// guess: the internal service token (`Internal:Token`, env `Internal__Token`) and the
/// gateway's bootstrap admin key (`CUKHOI_ADMIN_KEY`). 32 characters is 128 bits of hex.
/// </summary>
public static class Secrets
{
    public const int MinLength = 32;

    public static string InternalToken(IConfiguration configuration) =>
        Require(configuration["Internal:Token"], "Internal:Token (env Internal__Token)", "the services accept only calls that carry it");

    /// <summary>The bootstrap admin key when one is set (and not switched off); null otherwise.</summary>
    public static string? BootstrapAdminKey(IConfiguration configuration) =>
        configuration["CUKHOI_ADMIN_KEY"] is { Length: > 0 } key && configuration.GetValue("Auth:BootstrapKeyEnabled", true)
            ? Require(key, "CUKHOI_ADMIN_KEY", "it grants the admin scope")
            : null;

    private static string Require(string? value, string name, string why) =>
        value is null or { Length: 0 }
            ? throw new InvalidOperationException($"{name} must be set: {why}.")
            : value.Length < MinLength
                ? throw new InvalidOperationException($"{name} is {value.Length} characters; it must be at least {MinLength} (e.g. `openssl rand -hex 32`): {why}.")
                : value;
}
