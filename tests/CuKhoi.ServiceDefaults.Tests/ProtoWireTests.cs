using CsCheck;
using CuKhoi.ServiceDefaults.Grpc;
using Google.Protobuf;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>ProtoWire writes fields as protobuf's CodedOutputStream does, and sizes them as it computes.</summary>
public class ProtoWireTests
{
    private static readonly Gen<int> Field = Gen.OneOf(Gen.Int[1, 15], Gen.Int[16, 2047], Gen.Int[2048, 536_870_911]);

    private static readonly Gen<long> Value = Gen.OneOf(Gen.Long, Gen.Long[-1, 300], Gen.Long[0, long.MaxValue]);

    [Fact]
    public void A_varint_field_is_what_protobuf_writes_and_nothing_for_zero() =>
        Gen.Select(Field, Value).Sample((field, value) =>
        {
            var expected = Coded(output =>
            {
                if (value != 0)
                {
                    output.WriteTag(field, WireFormat.WireType.Varint);
                    output.WriteInt64(value);
                }
            });
            var size = ProtoWire.VarintFieldSize(field, value);
            var actual = new byte[size];
            var writer = new ProtoWire.Writer(actual);
            writer.VarintField(field, value);
            return writer.Position == size && actual.AsSpan().SequenceEqual(expected)
                && size == (value == 0 ? 0 : CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeInt64Size(value));
        }, iter: 20_000);

    [Fact]
    public void A_bytes_field_is_what_protobuf_writes_and_nothing_for_empty_unless_repeated() =>
        Gen.Select(Field, Gen.Byte.Array[0, 300], Gen.Bool).Sample((field, value, repeated) =>
        {
            var expected = Coded(output =>
            {
                if (repeated || value.Length > 0)
                {
                    output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(value));
                }
            });
            var size = repeated ? ProtoWire.DelimitedSize(field, value.Length) : ProtoWire.BytesFieldSize(field, value);
            var actual = new byte[size];
            var writer = new ProtoWire.Writer(actual);
            if (repeated)
            {
                writer.RepeatedBytes(field, value);
            }
            else
            {
                writer.BytesField(field, value);
            }

            return writer.Position == size && actual.AsSpan().SequenceEqual(expected);
        }, iter: 5_000);

    [Fact]
    public void A_frame_header_is_an_uncompressed_flag_and_the_length_big_endian()
    {
        var header = new byte[5];
        ProtoWire.WriteFrameHeader(header, 0x01020304);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, header);
    }

    private static byte[] Coded(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
