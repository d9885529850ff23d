using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Writes UTF-8 text as a JSON string exactly as <see cref="Utf8JsonWriter"/> does with
/// <see cref="WireJson.Encoder"/>, faster for Vietnamese: the encoder's UTF-8 path decodes every
/// letter with a diacritic one rune at a time, which made it the largest cost of an export line
/// (bench/RESULTS.md, tenth pass). Here the letters the encoder leaves alone are found with a
/// table built from the encoder itself (<see cref="System.Text.Encodings.Web.TextEncoder.WillEncode"/>),
/// ASCII it escapes ('"', '\', controls) gets the encoder's own escape, and anything else (a
/// character it escapes beyond ASCII, text outside the BMP) goes to the writer as before, so the
/// output is the same byte for byte. Bytes that are not UTF-8 are an error, as protobuf's own
/// decoding makes them.
/// </summary>
internal static class JsonStrings
{
    private const byte Plain = 0;
    private const byte Escaped = 1;
    private const byte Lead2 = 2;
    private const byte Lead3 = 3;
    private const byte Other = 4;

    /// <summary>What each byte is: ASCII written as it is or escaped, the lead of a two- or three-byte letter, or anything else.</summary>
    private static readonly byte[] Kinds = new byte[256];

    /// <summary>The encoder's escape of each ASCII character it escapes.</summary>
    private static readonly byte[]?[] AsciiEscapes = new byte[]?[128];

    /// <summary>One bit per BMP code point the encoder writes as it is, filled 64 code points at a time when first met.</summary>
    private static readonly ulong[] Allowed = new ulong[65536 / 64];

    private static readonly ulong[] Known = new ulong[65536 / 64 / 64];

    static JsonStrings()
    {
        for (var b = 0; b < 256; b++)
        {
            Kinds[b] = b switch
            {
                < 0x80 when WireJson.Encoder.WillEncode(b) => Escaped,
                < 0x80 => Plain,
                >= 0xC2 and <= 0xDF => Lead2,
                >= 0xE0 and <= 0xEF => Lead3,
                _ => Other,
            };
            if (Kinds[b] == Escaped)
            {
                AsciiEscapes[b] = System.Text.Encoding.UTF8.GetBytes(WireJson.Encoder.Encode(((char)b).ToString()));
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
        while (i < text.Length)
        {
            var b = text[i];
            switch (Kinds[b])
            {
                case Plain:
                    i++;
                    break;
                case Lead2 when i + 1 < text.Length && IsContinuation(text[i + 1])
                                && IsAllowed(((b & 0x1F) << 6) | (text[i + 1] & 0x3F)):
                    i += 2;
                    break;
                case Lead3 when i + 2 < text.Length && IsContinuation(text[i + 1]) && IsContinuation(text[i + 2])
                                && ((((b & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F)) is var codePoint)
                                && codePoint >= 0x800 && IsAllowed(codePoint):
                    i += 3;
                    break;
                case Escaped:
                    var escape = AsciiEscapes[b]!;
                    if (output.Length - length < (i - copied) + escape.Length + (text.Length - i) + 1)
                    {
                        return false;
                    }

                    text[copied..i].CopyTo(output[length..]);
                    length += i - copied;
                    escape.CopyTo(output[length..]);
                    length += escape.Length;
                    copied = ++i;
                    break;
                default:
                    // Text outside the BMP, a letter the encoder escapes, or not UTF-8.
                    return false;
            }
        }

        text[copied..].CopyTo(output[length..]);
        length += text.Length - copied;
        output[length++] = (byte)'"';
        return true;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    /// <summary>Whether the encoder writes this BMP code point as it is (surrogates never are).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAllowed(int codePoint)
    {
        var block = codePoint >> 6;
        if ((Volatile.Read(ref Known[block >> 6]) & (1UL << (block & 63))) == 0)
        {
            Learn(block);
        }

        return (Volatile.Read(ref Allowed[block]) & (1UL << (codePoint & 63))) != 0;
    }

    /// <summary>Asks the encoder about the 64 code points of one block, once.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Learn(int block)
    {
        ulong bits = 0;
        for (var c = 0; c < 64; c++)
        {
            var point = (block << 6) | c;
            if (point is < 0xD800 or > 0xDFFF && !WireJson.Encoder.WillEncode(point))
            {
                bits |= 1UL << c;
            }
        }

        Volatile.Write(ref Allowed[block], bits);
        Interlocked.Or(ref Known[block >> 6], 1UL << (block & 63));
    }
}
