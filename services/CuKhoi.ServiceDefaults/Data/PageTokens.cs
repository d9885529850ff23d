using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CuKhoi.ServiceDefaults.Errors;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// Opaque, signed cursor tokens. A token carries the sort values of the last row sent
/// (keyset paging: rows inserted meanwhile never shift a page) and a fingerprint of the
/// filters it was made for. Garbage, forged or reused-with-other-filters tokens are 400.
/// </summary>
public sealed class PageTokens(byte[] key)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static PageTokens FromSecret(string secret) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("cukhoi-page-token:" + secret)));

    /// <summary>0 means the default; larger than the maximum is clamped; negative is refused.</summary>
    public static int PageSize(int requested)
    {
        if (requested < 0)
        {
            throw Problems.InvalidArgument("pageSize", "pageSize must not be negative.", "pageSize không được là số âm.");
        }

        return requested == 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }

    public string Encode<TCursor>(TCursor cursor, string filterFingerprint)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Envelope<TCursor>(cursor, filterFingerprint));
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return string.Concat(Base64Url.EncodeToString(payload), ".", Base64Url.EncodeToString(Sign(payload, signature)));
    }

    /// <summary>The cursor in a token, or default when the token is empty.</summary>
    public TCursor? Decode<TCursor>(string? token, string filterFingerprint)
    {
        if (string.IsNullOrEmpty(token))
        {
            return default;
        }

        try
        {
            var parts = token.Split('.');
            if (parts.Length == 2)
            {
                var payload = Base64Url.DecodeFromChars(parts[0]);
                var signature = Base64Url.DecodeFromChars(parts[1]);
                Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
                if (CryptographicOperations.FixedTimeEquals(Sign(payload, expected), signature))
                {
                    var envelope = JsonSerializer.Deserialize<Envelope<TCursor>>(payload);
                    if (envelope is not null && envelope.Filter == filterFingerprint && envelope.Cursor is not null)
                    {
                        return envelope.Cursor;
                    }
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }

        throw Problems.InvalidArgument(
            "pageToken",
            "pageToken is not valid for this query; start again without it.",
            "pageToken không hợp lệ cho truy vấn này; hãy bắt đầu lại không dùng pageToken.",
            Problems.Reasons.InvalidPageToken);
    }

    /// <summary>A token's signature: the first 16 bytes of HMAC-SHA256 of its payload, written into <paramref name="hash"/>.</summary>
    private ReadOnlySpan<byte> Sign(ReadOnlySpan<byte> payload, Span<byte> hash)
    {
        HMACSHA256.HashData(key, payload, hash);
        return hash[..16];
    }

    private sealed record Envelope<TCursor>(TCursor Cursor, string Filter);
}
