using System.Globalization;
using System.Text;
using CuKhoi.ServiceDefaults.Data;

namespace CuKhoi.Gateway.Audit;

/// <summary>One write through the gateway: who, what, which resource, when, outcome.</summary>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset Time,
    string PrincipalId,
    string PrincipalName,
    string Protocol,
    string Action,
    string Resource,
    int Status);

/// <summary>The audit trail in the gateway's database, read newest first in bounded pages.</summary>
public sealed class AuditLog(Db db, TimeProvider time)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public Task RecordAsync(string principalId, string principalName, string protocol, string action, string resource, int status, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            INSERT INTO audit_entries (id, record_time, principal_id, principal_name, protocol, action, resource, status)
            VALUES (@id, @now, @principalId, @principalName, @protocol, @action, @resource, @status)
            """,
            new
            {
                id = Guid.CreateVersion7().ToString("N"),
                now = Clock.ToMicros(time.GetUtcNow()),
                principalId,
                principalName,
                protocol,
                action,
                resource = resource.Length > 1000 ? resource[..1000] : resource,
                status,
            },
            ct);

    /// <summary>Entries at or after `since`, newest first; the token continues where a page ended.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, string? NextPageToken)> ListAsync(DateTimeOffset? since, int pageSize, Cursor? after, CancellationToken ct)
    {
        var rows = await db.QueryAsync<Row>(
            """
            SELECT id AS Id, record_time AS RecordTime, principal_id AS PrincipalId, principal_name AS PrincipalName,
                   protocol AS Protocol, action AS Action, resource AS Resource, status AS Status
            FROM audit_entries
            WHERE record_time >= @since
              AND (@afterTime IS NULL OR record_time < @afterTime OR (record_time = @afterTime AND id < @afterId))
            ORDER BY record_time DESC, id DESC
            LIMIT @limit
            """,
            new
            {
                since = since is { } s ? Clock.ToMicros(s) : long.MinValue,
                afterTime = after?.Time,
                afterId = after?.Id ?? string.Empty,
                limit = pageSize + 1,
            },
            ct);
        var page = rows.Take(pageSize).Select(r => r.ToEntry()).ToList();
        var next = rows.Count > pageSize ? new Cursor(rows[pageSize - 1].RecordTime, rows[pageSize - 1].Id).Encode() : null;
        return (page, next);
    }

    /// <summary>Where a page ended. Not signed: it only moves an admin through the admin's own view.</summary>
    public sealed record Cursor(long Time, string Id)
    {
        public string Encode() =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Time.ToString(CultureInfo.InvariantCulture)}:{Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static Cursor? Decode(string token)
        {
            try
            {
                var base64 = token.Replace('-', '+').Replace('_', '/');
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
                var colon = text.IndexOf(':');
                return colon > 0 && long.TryParse(text[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? new Cursor(t, text[(colon + 1)..]) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    private sealed class Row
    {
        public string Id { get; init; } = string.Empty;

        public long RecordTime { get; init; }

        public string PrincipalId { get; init; } = string.Empty;

        public string PrincipalName { get; init; } = string.Empty;

        public string Protocol { get; init; } = string.Empty;

        public string Action { get; init; } = string.Empty;

        public string Resource { get; init; } = string.Empty;

        public int Status { get; init; }

        public AuditEntry ToEntry() => new(Id, Clock.FromMicros(RecordTime), PrincipalId, PrincipalName, Protocol, Action, Resource, Status);
    }
}
