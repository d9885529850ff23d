using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// Writes a server stream's messages that the service encoded itself (<see cref="ProtoWire"/>)
/// as gRPC frames straight onto the call's response body, instead of building a message object
/// per line for <c>IServerStreamWriter</c> to serialize. For a bulk export this skips, per record,
/// the database's UTF-8 → .NET string → protobuf's UTF-8 round trip. The frames are the ones
/// the stream writer writes (uncompressed: these services negotiate no compression); headers,
/// trailers, status and cancellation stay gRPC's. Frames are flushed every
/// <see cref="StreamBatches.FlushBytes"/> and on <see cref="FlushAsync"/>.
/// </summary>
public sealed class EncodedFrames
{
    private const int HeaderSize = 5;

    private readonly PipeWriter _body;
    private readonly CancellationToken _ct;
    private int _unflushed;

    private EncodedFrames(PipeWriter body, CancellationToken ct)
    {
        _body = body;
        _ct = ct;
    }

    /// <summary>Sends the response headers; call it once the request is validated and the first rows are read (an error before it is a plain gRPC error).</summary>
    public static async Task<EncodedFrames> StartAsync(ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(new Metadata());
        return new EncodedFrames(context.GetHttpContext().Response.BodyWriter, context.CancellationToken);
    }

    /// <summary>Space for one message of exactly <paramref name="length"/> bytes, after its frame header; fill it, then <see cref="CommitAsync"/>.</summary>
    public Span<byte> Begin(int length)
    {
        var span = _body.GetSpan(HeaderSize + length);
        ProtoWire.WriteFrameHeader(span, length);
        return span.Slice(HeaderSize, length);
    }

    /// <summary>Ends the message <see cref="Begin"/> gave space for; flushes when enough is pending.</summary>
    public ValueTask CommitAsync(int length)
    {
        _body.Advance(HeaderSize + length);
        _unflushed += HeaderSize + length;
        return _unflushed >= StreamBatches.FlushBytes ? FlushAsync() : ValueTask.CompletedTask;
    }

    /// <summary>Sends what is pending (before the next database read, so the caller gets what is ready).</summary>
    public async ValueTask FlushAsync()
    {
        if (_unflushed == 0)
        {
            return;
        }

        _unflushed = 0;
        await _body.FlushAsync(_ct);
        _ct.ThrowIfCancellationRequested();
    }
}
