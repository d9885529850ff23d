using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Writes a message's protobuf bytes as the JSON that JSON transcoding writes for it, without
/// decoding the message first: strings go from the service's UTF-8 to the caller's UTF-8 (only
/// escaped), not through .NET strings and back. An export line is mostly text, and that round
/// trip was a third of the gateway's CPU per export line (bench/RESULTS.md, tenth pass).
/// <para>
/// Same output as transcoding (<see cref="GrpcJsonSettings"/> as the gateway configures it):
/// fields in field-number order under their JSON names; a field without presence always
/// written (its default when absent) unless IgnoreDefaultValues; a message field, or an
/// `optional` one, only when present; enums by name; 64-bit integers as strings when
/// WriteInt64sAsStrings; Timestamps in RFC 3339; bytes in base64; non-ASCII text as it is
/// (transcoding's relaxed escaping). Bytes not in canonical order (known fields out of
/// number order, a singular field twice) are first parsed and written again by protobuf.
/// Maps, groups and the well-known types other than Timestamp and Empty are refused when the
/// writer is built: exports do not use them, and a proto that starts to fails its tests.
/// </para>
/// </summary>
internal sealed class WireJson
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly ConcurrentDictionary<(MessageDescriptor, GrpcJsonSettings), WireJson?> Writers = new();

    private readonly MessagePlan _root;
    private readonly GrpcJsonSettings _settings;

    private WireJson(MessageDescriptor descriptor, GrpcJsonSettings settings)
    {
        if (settings.RemoveEnumPrefix)
        {
            throw new NotSupportedException("WireJson does not remove enum prefixes (GrpcJsonSettings.RemoveEnumPrefix).");
        }

        _settings = settings;
        _root = Plan(descriptor, []);
    }

    /// <summary>The writer for one message type (built once per type and settings).</summary>
    public static WireJson For(MessageDescriptor descriptor, GrpcJsonSettings settings) =>
        TryFor(descriptor, settings) ?? new WireJson(descriptor, settings);

    /// <summary>The writer for one message type, or null when it uses what WireJson does not write (decided once per type).</summary>
    public static WireJson? TryFor(MessageDescriptor descriptor, GrpcJsonSettings settings) =>
        Writers.GetOrAdd((descriptor, settings), static key =>
        {
            try
            {
                return new WireJson(key.Item1, key.Item2);
            }
            catch (NotSupportedException)
            {
                return null;
            }
        });

    /// <summary>The last value of a top-level string field in a message's bytes, or null when it is absent.</summary>
    public static string? StringField(ReadOnlySpan<byte> message, int number)
    {
        string? value = null;
        var wire = new WireReader(message);
        while (!wire.End)
        {
            var (field, type) = wire.ReadTag();
            if (field == number && type == WireFormat.WireType.LengthDelimited)
            {
                value = System.Text.Encoding.UTF8.GetString(wire.ReadBytes());
            }
            else
            {
                wire.Skip(type);
            }
        }

        return value;
    }

    /// <summary>Writes one message, given as its protobuf bytes, as one JSON object.</summary>
    public void Write(ReadOnlySpan<byte> message, Utf8JsonWriter writer) => WriteMessage(message, _root, writer);

    private void WriteMessage(ReadOnlySpan<byte> message, MessagePlan plan, Utf8JsonWriter writer)
    {
        if (!IsCanonical(message, plan))
        {
            message = plan.Descriptor.Parser.ParseFrom(message.ToArray()).ToByteArray();
        }

        if (plan.Kind == MessageKind.Timestamp)
        {
            WriteTimestamp(message, writer);
            return;
        }

        var wire = new WireReader(message);
        writer.WriteStartObject();
        foreach (var field in plan.Fields)
        {
            wire.SkipUnknown(plan);
            if (field.Repeated)
            {
                if (!wire.At(field.Number) && _settings.IgnoreDefaultValues)
                {
                    continue;
                }

                writer.WritePropertyName(field.Name);
                writer.WriteStartArray();
                while (wire.At(field.Number))
                {
                    var (_, type) = wire.ReadTag();
                    if (type == WireFormat.WireType.LengthDelimited && field.Packable)
                    {
                        var packed = new WireReader(wire.ReadBytes());
                        while (!packed.End)
                        {
                            WriteScalar(ref packed, field, writer);
                        }
                    }
                    else
                    {
                        WriteValue(ref wire, field, writer);
                    }

                    wire.SkipUnknown(plan);
                }

                writer.WriteEndArray();
            }
            else if (wire.At(field.Number))
            {
                wire.ReadTag();
                writer.WritePropertyName(field.Name);
                WriteValue(ref wire, field, writer);
            }
            else if (!field.Presence && !_settings.IgnoreDefaultValues)
            {
                writer.WritePropertyName(field.Name);
                WriteDefault(field, writer);
            }
        }

        writer.WriteEndObject();
    }

    private void WriteValue(ref WireReader wire, FieldPlan field, Utf8JsonWriter writer)
    {
        switch (field.Type)
        {
            case FieldType.String:
                JsonStrings.Write(wire.ReadBytes(), writer);
                break;
            case FieldType.Bytes:
                writer.WriteBase64StringValue(wire.ReadBytes());
                break;
            case FieldType.Message:
                WriteMessage(wire.ReadBytes(), field.Message!, writer);
                break;
            default:
                WriteScalar(ref wire, field, writer);
                break;
        }
    }

    private void WriteScalar(ref WireReader wire, FieldPlan field, Utf8JsonWriter writer)
    {
        switch (field.Type)
        {
            case FieldType.Bool:
                writer.WriteBooleanValue(wire.ReadVarint() != 0);
                break;
            case FieldType.Int32:
                writer.WriteNumberValue((int)wire.ReadVarint());
                break;
            case FieldType.SInt32:
                writer.WriteNumberValue(DecodeZigZag32((uint)wire.ReadVarint()));
                break;
            case FieldType.UInt32:
                writer.WriteNumberValue((uint)wire.ReadVarint());
                break;
            case FieldType.Fixed32:
                writer.WriteNumberValue(wire.ReadFixed32());
                break;
            case FieldType.SFixed32:
                writer.WriteNumberValue((int)wire.ReadFixed32());
                break;
            case FieldType.Int64:
                WriteInt64((long)wire.ReadVarint(), writer);
                break;
            case FieldType.SInt64:
                WriteInt64(DecodeZigZag64(wire.ReadVarint()), writer);
                break;
            case FieldType.SFixed64:
                WriteInt64((long)wire.ReadFixed64(), writer);
                break;
            case FieldType.UInt64:
                WriteUInt64(wire.ReadVarint(), writer);
                break;
            case FieldType.Fixed64:
                WriteUInt64(wire.ReadFixed64(), writer);
                break;
            case FieldType.Float:
                WriteFloatingPoint(BitConverter.Int32BitsToSingle((int)wire.ReadFixed32()), writer);
                break;
            case FieldType.Double:
                WriteFloatingPoint(BitConverter.Int64BitsToDouble((long)wire.ReadFixed64()), writer);
                break;
            case FieldType.Enum:
                WriteEnum((int)wire.ReadVarint(), field, writer);
                break;
            default:
                throw new InvalidOperationException($"{field.Type} is not a scalar.");
        }
    }

    private void WriteDefault(FieldPlan field, Utf8JsonWriter writer)
    {
        switch (field.Type)
        {
            case FieldType.String or FieldType.Bytes:
                writer.WriteStringValue(ReadOnlySpan<byte>.Empty);
                break;
            case FieldType.Bool:
                writer.WriteBooleanValue(false);
                break;
            case FieldType.Enum:
                WriteEnum(0, field, writer);
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64:
                WriteInt64(0, writer);
                break;
            default:
                writer.WriteNumberValue(0);
                break;
        }
    }

    private void WriteEnum(int value, FieldPlan field, Utf8JsonWriter writer)
    {
        if (!_settings.WriteEnumsAsIntegers && field.EnumNames!.TryGetValue(value, out var name))
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private void WriteInt64(long value, Utf8JsonWriter writer)
    {
        if (_settings.WriteInt64sAsStrings)
        {
            WriteAsString(value, writer);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private void WriteUInt64(ulong value, Utf8JsonWriter writer)
    {
        if (_settings.WriteInt64sAsStrings)
        {
            WriteAsString(value, writer);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static void WriteAsString<T>(T value, Utf8JsonWriter writer)
        where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[20];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..length]);
    }

    private static void WriteFloatingPoint(double value, Utf8JsonWriter writer)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloatingPoint(float value, Utf8JsonWriter writer)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as transcoding writes a Timestamp.</summary>
    private static void WriteTimestamp(ReadOnlySpan<byte> message, Utf8JsonWriter writer)
    {
        long seconds = 0;
        long nanos = 0;
        var wire = new WireReader(message);
        while (!wire.End)
        {
            var (number, type) = wire.ReadTag();
            switch (number)
            {
                case 1 when type == WireFormat.WireType.Varint:
                    seconds = (long)wire.ReadVarint();
                    break;
                case 2 when type == WireFormat.WireType.Varint:
                    nanos = (int)wire.ReadVarint();
                    break;
                default:
                    wire.Skip(type);
                    break;
            }
        }

        const long MinSeconds = -62_135_596_800;
        const long MaxSeconds = 253_402_300_799;
        if (seconds is < MinSeconds or > MaxSeconds || nanos is < 0 or > 999_999_999)
        {
            throw new InvalidOperationException("Invalid Timestamp value: outside 0001-01-01 to 9999-12-31 or nanos outside 0-999,999,999.");
        }

        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        Span<byte> text = stackalloc byte[30];
        time.TryFormat(text, out var length, "yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        if (nanos != 0)
        {
            var (digits, value) = nanos % 1_000_000 == 0 ? (3, nanos / 1_000_000) : nanos % 1_000 == 0 ? (6, nanos / 1_000) : (9, nanos);
            text[length++] = (byte)'.';
            value.TryFormat(text[length..], out _, new string('0', digits), CultureInfo.InvariantCulture);
            length += digits;
        }

        text[length++] = (byte)'Z';
        writer.WriteStringValue(text[..length]);
    }

    private static int DecodeZigZag32(uint n) => (int)(n >> 1) ^ -(int)(n & 1);

    private static long DecodeZigZag64(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    /// <summary>
    /// Known fields in field-number order, a singular one at most once and a repeated one's
    /// values together (what protobuf's own writers produce; a split run shows as a number
    /// going down); unknown fields may be anywhere.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<byte> message, MessagePlan plan)
    {
        var wire = new WireReader(message);
        var last = 0;
        var lastRepeated = false;
        while (!wire.End)
        {
            var (number, type) = wire.ReadTag();
            wire.Skip(type);
            if (!plan.ByNumber.TryGetValue(number, out var field))
            {
                continue;
            }

            if (number < last || (number == last && !lastRepeated))
            {
                return false;
            }

            last = number;
            lastRepeated = field.Repeated;
        }

        return true;
    }

    private MessagePlan Plan(MessageDescriptor descriptor, Dictionary<MessageDescriptor, MessagePlan> plans)
    {
        if (plans.TryGetValue(descriptor, out var known))
        {
            return known;
        }

        var kind = descriptor.FullName switch
        {
            "google.protobuf.Timestamp" => MessageKind.Timestamp,
            "google.protobuf.Empty" => MessageKind.Plain,
            var name when name.StartsWith("google.protobuf.", StringComparison.Ordinal) =>
                throw new NotSupportedException($"WireJson does not write {name}; only Timestamp and Empty of the well-known types."),
            _ => MessageKind.Plain,
        };
        var plan = new MessagePlan(descriptor, kind);
        plans[descriptor] = plan;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap || field.FieldType == FieldType.Group)
            {
                throw new NotSupportedException($"WireJson does not write {descriptor.FullName}.{field.Name} (a {(field.IsMap ? "map" : "group")}).");
            }

            var fieldPlan = new FieldPlan(
                field.FieldNumber,
                JsonEncodedText.Encode(field.JsonName, Encoder),
                field.FieldType,
                field.IsRepeated,
                field.HasPresence,
                field.IsRepeated && field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message),
                field.FieldType == FieldType.Message ? Plan(field.MessageType, plans) : null,
                field.FieldType == FieldType.Enum
                    ? field.EnumType.Values.GroupBy(v => v.Number).ToDictionary(g => g.Key, g => JsonEncodedText.Encode(g.First().Name, Encoder))
                    : null);
            plan.Fields.Add(fieldPlan);
            plan.ByNumber[field.FieldNumber] = fieldPlan;
        }

        return plan;
    }

    private enum MessageKind
    {
        Plain,
        Timestamp,
    }

    private sealed class MessagePlan(MessageDescriptor descriptor, MessageKind kind)
    {
        public MessageDescriptor Descriptor { get; } = descriptor;

        public MessageKind Kind { get; } = kind;

        public List<FieldPlan> Fields { get; } = [];

        public Dictionary<int, FieldPlan> ByNumber { get; } = [];
    }

    private sealed record FieldPlan(
        int Number,
        JsonEncodedText Name,
        FieldType Type,
        bool Repeated,
        bool Presence,
        bool Packable,
        MessagePlan? Message,
        Dictionary<int, JsonEncodedText>? EnumNames);

    /// <summary>Reads protobuf wire format from a span, field by field.</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool End => _position >= _data.Length;

        /// <summary>Whether the next field has this number (without reading it).</summary>
        public readonly bool At(int number)
        {
            if (End)
            {
                return false;
            }

            var copy = this;
            return copy.ReadTag().Number == number;
        }

        /// <summary>Skips fields the plan does not know (a newer service's additions).</summary>
        public void SkipUnknown(MessagePlan plan)
        {
            while (!End)
            {
                var copy = this;
                var (number, type) = copy.ReadTag();
                if (plan.ByNumber.ContainsKey(number))
                {
                    return;
                }

                copy.Skip(type);
                this = copy;
            }
        }

        public (int Number, WireFormat.WireType Type) ReadTag()
        {
            var tag = ReadVarint();
            var number = (int)(tag >> 3);
            if (number <= 0 || tag > uint.MaxValue)
            {
                throw new InvalidDataException("A protobuf field has an invalid tag.");
            }

            return (number, (WireFormat.WireType)(tag & 7));
        }

        public ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (End)
                {
                    throw Truncated();
                }

                var b = _data[_position++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new InvalidDataException("A protobuf varint is longer than 10 bytes.");
        }

        public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public ReadOnlySpan<byte> ReadBytes()
        {
            var length = ReadVarint();
            return length > int.MaxValue ? throw Truncated() : Take((int)length);
        }

        public void Skip(WireFormat.WireType type)
        {
            switch (type)
            {
                case WireFormat.WireType.Varint:
                    ReadVarint();
                    break;
                case WireFormat.WireType.Fixed64:
                    Take(8);
                    break;
                case WireFormat.WireType.LengthDelimited:
                    ReadBytes();
                    break;
                case WireFormat.WireType.Fixed32:
                    Take(4);
                    break;
                default:
                    throw new InvalidDataException($"A protobuf field has wire type {type}, which exports do not use.");
            }
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > _data.Length - _position)
            {
                throw Truncated();
            }

            var span = _data.Slice(_position, length);
            _position += length;
            return span;
        }

        private static InvalidDataException Truncated() => new("A protobuf message ended in the middle of a field.");
    }
}
