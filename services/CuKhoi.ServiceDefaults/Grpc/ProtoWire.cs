using System.Buffers.Binary;
using System.Numerics;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// The few protobuf wire rules a hand-encoded message needs (varints and length-delimited
/// fields), written the way protobuf's own serializer writes them, so a message encoded here
/// is byte for byte the one <c>IMessage.ToByteArray()</c> makes. Sizes first, then writes into
/// a span of exactly that size; <see cref="Writer"/> advances through it.
/// </summary>
public static class ProtoWire
{
    /// <summary>Bytes of a varint (a negative int64 is ten, as protobuf writes it).</summary>
    public static int VarintSize(ulong value) => (BitOperations.Log2(value | 1) / 7) + 1;

    /// <summary>Bytes of a field's tag.</summary>
    public static int TagSize(int field) => VarintSize((uint)field << 3);

    /// <summary>Bytes of a length-delimited field (a string, bytes or a message) of <paramref name="length"/> bytes.</summary>
    public static int DelimitedSize(int field, int length) => TagSize(field) + VarintSize((ulong)length) + length;

    /// <summary>Bytes of a varint field; zero when the value is the default, which protobuf leaves out.</summary>
    public static int VarintFieldSize(int field, long value) => value == 0 ? 0 : TagSize(field) + VarintSize((ulong)value);

    /// <summary>Bytes of a string or bytes field; zero when empty, which protobuf leaves out.</summary>
    public static int BytesFieldSize(int field, ReadOnlySpan<byte> value) => value.IsEmpty ? 0 : DelimitedSize(field, value.Length);

    /// <summary>Writes a gRPC frame header: not compressed, then the message length big-endian.</summary>
    public static void WriteFrameHeader(Span<byte> destination, int messageLength)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)messageLength);
    }

    /// <summary>Writes fields in order into a span sized beforehand.</summary>
    public ref struct Writer(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _position;

        public readonly int Position => _position;

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _destination[_position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _destination[_position++] = (byte)value;
        }

        /// <summary>A varint field, left out when zero.</summary>
        public void VarintField(int field, long value)
        {
            if (value != 0)
            {
                Tag(field, wireType: 0);
                Varint((ulong)value);
            }
        }

        /// <summary>A string or bytes field, left out when empty.</summary>
        public void BytesField(int field, ReadOnlySpan<byte> value)
        {
            if (!value.IsEmpty)
            {
                RepeatedBytes(field, value);
            }
        }

        /// <summary>One element of a repeated string or bytes field: written even when empty.</summary>
        public void RepeatedBytes(int field, ReadOnlySpan<byte> value)
        {
            Delimited(field, value.Length);
            value.CopyTo(_destination[_position..]);
            _position += value.Length;
        }

        /// <summary>The tag and length of a length-delimited field whose bytes the caller writes next.</summary>
        public void Delimited(int field, int length)
        {
            Tag(field, wireType: 2);
            Varint((ulong)length);
        }

        private void Tag(int field, int wireType) => Varint(((uint)field << 3) | (uint)wireType);
    }
}
