using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Writes UTF-8 text as a JSON string exactly as <see cref="Utf8JsonWriter"/> does with
/// <see cref="WireJson.Encoder"/>, faster for Vietnamese: the encoder's UTF-8 path decodes every
/// letter with a diacritic one rune at a time, which made it the largest cost of an export line
/// (bench/RESULTS.md, tenth pass). Here plain ASCII is skipped 16 bytes at a time, the letters
/// the encoder leaves alone are found with a bitmap built from the encoder itself
/// (<see cref="System.Text.Encodings.Web.TextEncoder.WillEncode"/>), ASCII it escapes ('"', '\',
/// controls) gets the encoder's own escape, and anything else (a character it escapes beyond
/// ASCII, text outside the BMP) goes to the writer as before, so the output is the same byte for
/// byte. Bytes that are not UTF-8 are an error, as protobuf's own decoding makes them. On the
/// sample article's 5,133-byte body: about 9 µs, half the time of the byte-at-a-time loop before
/// it (bench/RESULTS.md, thirteenth pass).
/// </summary>
internal static class JsonStrings
{
    /// <summary>The encoder's escape of each ASCII character it escapes (null for the others).</summary>
    private static readonly byte[]?[] AsciiEscapes = new byte[]?[128];

    /// <summary>One bit per BMP code point the encoder writes as it is (surrogates never are).</summary>
    private static readonly ulong[] Allowed = new ulong[65536 / 64];

    /// <summary>
    /// The printable ASCII the encoder escapes, besides the controls: what <see cref="NextToLookAt"/>
    /// stops at: the relaxed encoder escapes only '"' and '\' (and DEL, a control); the static
    /// constructor refuses an encoder that escapes more.
    /// </summary>
    private static readonly byte[] PrintableEscapes = [(byte)'"', (byte)'\\', 0x7F];

    static JsonStrings()
    {
        for (var b = 0; b < 0x80; b++)
        {
            if (WireJson.Encoder.WillEncode(b))
            {
                if (b >= 0x20 && Array.IndexOf(PrintableEscapes, (byte)b) < 0)
                {
                    throw new InvalidOperationException($"The JSON encoder escapes '{(char)b}', which JsonStrings does not look for.");
                }

                AsciiEscapes[b] = System.Text.Encoding.UTF8.GetBytes(WireJson.Encoder.Encode(((char)b).ToString()));
            }
        }

        for (var point = 0x80; point < 0x10000; point++)
        {
            if (point is < 0xD800 or > 0xDFFF && !WireJson.Encoder.WillEncode(point))
            {
                Allowed[point >> 6] |= 1UL << (point & 63);
            }
        }
    }

    public static void Write(ReadOnlySpan<byte> text, Utf8JsonWriter writer)
    {
        // Room for the quotes and some escapes; text that needs more goes to the writer.
        var buffer = ArrayPool<byte>.Shared.Rent(text.Length + (text.Length / 8) + 64);
        try
        {
            if (TryEscape(text, buffer, out var length))
            {
                writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
            }
            else if (System.Text.Unicode.Utf8.IsValid(text))
            {
                writer.WriteStringValue(text);
            }
            else
            {
                // As protobuf would have refused to decode it (the writer would replace the bytes).
                throw new InvalidDataException("A protobuf string is not valid UTF-8.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The quoted, escaped string in <paramref name="output"/>; false when the writer must do it.</summary>
    private static bool TryEscape(ReadOnlySpan<byte> text, Span<byte> output, out int length)
    {
        output[0] = (byte)'"';
        length = 1;
        var copied = 0;
        var i = 0;
        while (true)
        {
            i = NextToLookAt(text, i);
            if (i == text.Length)
            {
                break;
            }

            var b = text[i];
            if (b >= 0x80)
            {
                var width = AllowedLetter(text[i..]);
                if (width == 0)
                {
                    // Text outside the BMP, a letter the encoder escapes, or not UTF-8.
                    return false;
                }

                i += width;
            }
            else if (AsciiEscapes[b] is { } escape)
            {
                if (output.Length - length < (i - copied) + escape.Length + (text.Length - i) + 1)
                {
                    return false;
                }

                text[copied..i].CopyTo(output[length..]);
                length += i - copied;
                escape.CopyTo(output[length..]);
                length += escape.Length;
                copied = ++i;
            }
            else
            {
                i++;
            }
        }

        text[copied..].CopyTo(output[length..]);
        length += text.Length - copied;
        output[length++] = (byte)'"';
        return true;
    }

    /// <summary>
    /// The index of the first byte from <paramref name="i"/> on that is not plain ASCII (or the
    /// text's length): 16 bytes at a time, as a signed compare finds both the controls and every
    /// byte of a longer character. (SearchValues over such a set costs more per call than a
    /// Vietnamese run of plain letters takes to read.) A byte it stops at may still be plain (a
    /// printable escape the encoder does not make); the caller's table decides.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextToLookAt(ReadOnlySpan<byte> text, int i)
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        while (i + Vector128<byte>.Count <= text.Length)
        {
            var bytes = Vector128.LoadUnsafe(ref start, (nuint)i);
            var stops = Vector128.LessThan(bytes.AsSByte(), Vector128.Create((sbyte)0x20)).AsByte()
                | Vector128.Equals(bytes, Vector128.Create(PrintableEscapes[0]))
                | Vector128.Equals(bytes, Vector128.Create(PrintableEscapes[1]))
                | Vector128.Equals(bytes, Vector128.Create(PrintableEscapes[2]));
            if (stops != Vector128<byte>.Zero)
            {
                return i + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
            }

            i += Vector128<byte>.Count;
        }

        while (i < text.Length && text[i] is var b && b is >= 0x20 and < 0x80 && AsciiEscapes[b] is null)
        {
            i++;
        }

        return i;
    }

    /// <summary>The length of the two- or three-byte letter <paramref name="text"/> starts with, when the encoder writes it as it is; otherwise 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AllowedLetter(ReadOnlySpan<byte> text)
    {
        uint lead = text[0];
        if (lead - 0xC2 <= 0xDF - 0xC2)
        {
            return text.Length >= 2 && IsContinuation(text[1])
                && IsAllowed(((lead & 0x1F) << 6) | (text[1] & 0x3Fu)) ? 2 : 0;
        }

        if (lead - 0xE0 <= 0xEF - 0xE0)
        {
            if (text.Length < 3 || !IsContinuation(text[1]) || !IsContinuation(text[2]))
            {
                return 0;
            }

            var point = ((lead & 0x0F) << 12) | ((text[1] & 0x3Fu) << 6) | (text[2] & 0x3Fu);
            return point >= 0x800 && IsAllowed(point) ? 3 : 0;
        }

        return 0;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAllowed(uint point) => (Allowed[point >> 6] & (1UL << (int)(point & 63))) != 0;
}
