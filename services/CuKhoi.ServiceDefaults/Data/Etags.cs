using System.Globalization;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// Etags, the one way every service writes and checks them: a row's integer version as
/// <c>v{version}</c> (opaque to callers). This is the caller's precondition only; the
/// repositories' <c>WHERE version = @version</c> remains the guard against concurrent writes.
/// </summary>
public static class Etags
{
    /// <summary>The etag of a row at <paramref name="version"/>: <c>v{version}</c>.</summary>
    public static string Of(long version) => string.Create(CultureInfo.InvariantCulture, $"v{version}");

    /// <summary>
    /// Whether the etag a caller sent allows a write to the row at <paramref name="version"/>.
    /// Null or empty: no precondition (true). Otherwise it must be this version's etag, bare
    /// (<c>v3</c>), quoted (<c>"v3"</c>) or weak (<c>W/"v3"</c>), as an If-Match header may carry it.
    /// Anything else, blank or <c>""</c> included, does not match.
    /// </summary>
    public static bool Matches(string? sent, long version)
    {
        if (string.IsNullOrEmpty(sent))
        {
            return true;
        }

        var tag = sent.AsSpan().Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"')
        {
            tag = tag[1..^1];
        }

        return tag.SequenceEqual(Of(version));
    }

    /// <summary>Throws <see cref="Problems.EtagMismatch"/> (409 ABORTED) unless <see cref="Matches"/>.</summary>
    public static void Ensure(string? sent, long version, string resource, string resourceVi, string id)
    {
        if (!Matches(sent, version))
        {
            throw Problems.EtagMismatch(resource, resourceVi, id);
        }
    }

    /// <summary>
    /// For a version-checked write that found the row changed since this transaction read it
    /// (a concurrent writer committed first). <see cref="Idempotency.WriteAsync{TResponse}"/>
    /// runs the write again on the new state when the caller set no precondition (no etag:
    /// last writer wins, as they asked), and answers 409 ABORTED when they did.
    /// </summary>
    public static ConcurrentChangeException ConcurrentChange(string resource, string resourceVi, string id) =>
        new(Problems.EtagMismatch(resource, resourceVi, id));
}

/// <summary>The row changed under a write; <see cref="Conflict"/> is the answer if it cannot be run again.</summary>
public sealed class ConcurrentChangeException(RpcException conflict) : Exception(conflict.Status.Detail)
{
    public RpcException Conflict { get; } = conflict;
}
