using Google.Protobuf;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// Writes a batch of stream messages (an export's keyset batch) with as few flushes as
/// possible: each message is buffered (WriteFlags.BufferHint) and the stream is flushed
/// every <see cref="FlushBytes"/> and after the batch's last message, before the next
/// batch is read. A flush per message costs a send per message; 100,000 records made that
/// the export's limit.
/// </summary>
public static class StreamBatches
{
    public const int FlushBytes = 64 * 1024;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public static async Task WriteBatchAsync<T>(this IServerStreamWriter<T> stream, IReadOnlyList<T> messages, CancellationToken ct)
        where T : IMessage
    {
        var pending = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            pending += messages[i].CalculateSize();
            var flush = i == messages.Count - 1 || pending >= FlushBytes;
            stream.WriteOptions = flush ? null : Buffered;
            await stream.WriteAsync(messages[i], ct);
            if (flush)
            {
                pending = 0;
            }
        }

        stream.WriteOptions = null;
    }
}
