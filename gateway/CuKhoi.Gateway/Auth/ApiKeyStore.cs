using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Grpc;

namespace CuKhoi.Gateway.Auth;

/// <summary>An API key as the admin routes show it: never the key, never its hash.</summary>
public sealed record ApiKey(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreateTime, DateTimeOffset? RevokeTime);

/// <summary>
/// API keys: random 32-byte keys shown once ("ck_" + base64url), stored as SHA-256 hashes,
/// revocable. Look-ups are cached for a few seconds (`Auth:KeyCacheTtl`, default 5 s) and
/// the cache is dropped on every revoke, so a revoked key fails from the next call on
/// this instance (and within the TTL on other instances sharing a PostgreSQL database).
/// The bootstrap key `CUKHOI_ADMIN_KEY`, when set (at least 32 characters) and not switched
/// off with `Auth:BootstrapKeyEnabled=false`, is accepted with scope admin; the audit trail
/// names it "bootstrap-admin".
/// </summary>
public sealed class ApiKeyStore(Db db, TimeProvider time, IConfiguration configuration)
{
    public const string KeyPrefix = "ck_";
    public const string BootstrapId = "bootstrap-admin";

    private const int MaxKeyLength = 256;
    private const int MaxCachedKeys = 10_000;

    private static readonly ClaimsPrincipal Bootstrap = new GatewayCaller(BootstrapId, "bootstrap admin (CUKHOI_ADMIN_KEY)", [Scopes.Admin]).ToPrincipal();

    private readonly byte[]? _bootstrapHash = Secrets.BootstrapAdminKey(configuration) is { } bootstrap ? HashBytes(bootstrap) : null;
    private readonly TimeSpan _cacheTtl = configuration.GetValue("Auth:KeyCacheTtl", TimeSpan.FromSeconds(5));
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Moves on every revoke, after the database says revoked: a look-up that read a key
    /// before that does not put it back into the cache (see <see cref="AuthenticateAsync"/>).
    /// </summary>
    private long _revocations;

    /// <summary>Tests only: runs after a key's row was read and before it is cached (to revoke in between).</summary>
    internal Func<Task>? AfterLookup { get; set; }

    public async Task<(ApiKey Key, string Plaintext)> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var plaintext = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey(Guid.CreateVersion7().ToString("N"), name, scopes, Truncate(time.GetUtcNow()), null);
        await db.ExecuteAsync(
            """
            INSERT INTO api_keys (id, name, key_hash, scopes, create_time)
            VALUES (@Id, @Name, @Hash, @Scopes, @CreateTime)
            """,
            new { key.Id, key.Name, Hash = Hash(plaintext), Scopes = string.Join(' ', scopes), CreateTime = Clock.ToMicros(key.CreateTime) },
            ct);
        return (key, plaintext);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        var rows = await db.QueryAsync<KeyRow>(
            """
            SELECT id AS Id, name AS Name, scopes AS Scopes, create_time AS CreateTime, revoke_time AS RevokeTime
            FROM api_keys
            ORDER BY create_time DESC, id DESC
            """,
            null,
            ct);
        return rows.Select(r => r.ToApiKey()).ToList();
    }

    /// <summary>Revokes a key (again is fine); false when no key has this id.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken ct)
    {
        await db.ExecuteAsync(
            "UPDATE api_keys SET revoke_time = @now WHERE id = @id AND revoke_time IS NULL",
            new { id, now = Clock.ToMicros(time.GetUtcNow()) },
            ct);
        Interlocked.Increment(ref _revocations);
        _cache.Clear();
        return await db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM api_keys WHERE id = @id", new { id }, ct) > 0;
    }

    /// <summary>The principal a presented key stands for, or null when it is unknown or revoked.</summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (presented.Length is 0 or > MaxKeyLength)
        {
            return null;
        }

        var hashBytes = HashBytes(presented);
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(hashBytes, _bootstrapHash))
        {
            return Bootstrap;
        }

        var hash = Convert.ToHexStringLower(hashBytes);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Expires > now)
        {
            return cached.Principal;
        }

        var revocations = Interlocked.Read(ref _revocations);
        var row = await db.QuerySingleOrDefaultAsync<KeyRow>(
            """
            SELECT id AS Id, name AS Name, scopes AS Scopes, create_time AS CreateTime, revoke_time AS RevokeTime
            FROM api_keys
            WHERE key_hash = @hash AND revoke_time IS NULL
            """,
            new { hash },
            ct);
        if (AfterLookup is { } afterLookup)
        {
            await afterLookup();
        }

        if (row is null)
        {
            // Misses are not cached: a flood of made-up keys must not fill memory.
            return null;
        }

        var principal = new GatewayCaller(row.Id, row.Name, SplitScopes(row.Scopes)).ToPrincipal();
        // A revoke that ran meanwhile may have cleared the cache before this row was read:
        // answer this call, but do not remember a key that may be revoked now.
        if (_cacheTtl > TimeSpan.Zero && Interlocked.Read(ref _revocations) == revocations)
        {
            if (_cache.Count >= MaxCachedKeys)
            {
                _cache.Clear();
            }

            _cache[hash] = (principal, now + _cacheTtl);
        }

        return principal;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(HashBytes(key));

    private static byte[] HashBytes(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IReadOnlyList<string> SplitScopes(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Microseconds are what the database keeps; answer with what a later read returns.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset instant) => Clock.FromMicros(Clock.ToMicros(instant));

    /// <summary>A row as Dapper reads it (settable properties: column types differ by provider).</summary>
    private sealed class KeyRow
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string Scopes { get; init; } = string.Empty;

        public long CreateTime { get; init; }

        public long? RevokeTime { get; init; }

        public ApiKey ToApiKey() => new(Id, Name, SplitScopes(Scopes), Clock.FromMicros(CreateTime), RevokeTime is { } revoked ? Clock.FromMicros(revoked) : null);
    }
}
