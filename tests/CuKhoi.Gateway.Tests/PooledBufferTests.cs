using System.Text.Json;
using CsCheck;
using CuKhoi.Gateway.Http;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The pooled body a relayed read's JSON is written into (<see cref="PooledBuffer"/>) keeps
/// every byte written through any number of growths, and always gives at least the room asked.
/// </summary>
public sealed class PooledBufferTests
{
    [Fact]
    public void Whatever_is_written_in_whatever_chunks_reads_back_whole()
    {
        var chunk = Gen.Select(Gen.Byte.Array[0, 5000], Gen.Int[0, 9000], Gen.Bool);
        Gen.Select(Gen.Int[1, 600], chunk.Array[1, 12]).Sample((capacity, chunks) =>
        {
            using var buffer = new PooledBuffer(capacity);
            var expected = new List<byte>();
            foreach (var (bytes, sizeHint, asMemory) in chunks)
            {
                var hint = Math.Max(sizeHint, bytes.Length);
                var room = asMemory ? buffer.GetMemory(hint).Span : buffer.GetSpan(hint);
                Assert.True(room.Length >= Math.Max(hint, 1), $"asked for {hint} bytes, given {room.Length}");
                bytes.CopyTo(room);
                buffer.Advance(bytes.Length);
                expected.AddRange(bytes);
            }

            Assert.Equal(expected.ToArray(), buffer.WrittenMemory.ToArray());
        });
    }

    [Fact]
    public void A_json_writer_larger_than_the_first_array_writes_through_it()
    {
        var text = new string('đ', 20_000);
        using var buffer = new PooledBuffer(16);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("body", text);
            json.WriteEndObject();
        }

        Assert.Equal(text, JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public void Once_disposed_it_refuses_to_be_written()
    {
        var buffer = new PooledBuffer(64);
        buffer.Dispose();
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan(8));
        Assert.Throws<ObjectDisposedException>(() => buffer.Advance(1));
    }
}
