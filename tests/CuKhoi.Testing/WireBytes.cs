using System.Buffers;
using Google.Protobuf;
using Grpc.Core;

namespace CuKhoi.Testing;

/// <summary>
/// Protobuf wire bytes written by hand, for tests that need an encoding no generated encoder
/// produces (fields out of order, a field the reader does not know), and a gRPC payload to
/// hand them to a deserializer as a channel would.
/// </summary>
public static class WireBytes
{
    /// <summary>One length-delimited field: tag, length, the UTF-8 of <paramref name="value"/>.</summary>
    public static byte[] Field(int number, string value) => Field(number, System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>One length-delimited field holding <paramref name="value"/> (bytes or a nested message).</summary>
    public static byte[] Field(int number, byte[] value)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// A service's method as a client that reads its answers as the bytes on the wire, not
    /// decoded (and so not encoded again) by protobuf: for tests that compare those bytes.
    /// </summary>
    public static Method<TRequest, byte[]> Undecoded<TRequest>(MethodType type, string serviceName, string name)
        where TRequest : IMessage<TRequest>, new() =>
        new(
            type,
            serviceName,
            name,
            Marshallers.Create<TRequest>(r => r.ToByteArray(), new MessageParser<TRequest>(() => new TRequest()).ParseFrom),
            Marshallers.Create<byte[]>(b => b, b => b));

    /// <summary>
    /// A received message's payload, as a deserializer sees it: as a new array, or as a
    /// sequence in two segments (split in the middle), as a channel's buffers can hold it.
    /// </summary>
    public static DeserializationContext Payload(byte[] bytes) => new Received(bytes);

    private sealed class Received(byte[] bytes) : DeserializationContext
    {
        public override int PayloadLength => bytes.Length;

        public override byte[] PayloadAsNewBuffer() => bytes.ToArray();

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence()
        {
            var first = new Segment(bytes.AsMemory(0, bytes.Length / 2), 0);
            var last = first.Append(bytes.AsMemory(bytes.Length / 2));
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
