using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Google.Protobuf;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// A REST server stream (an export) written as newline-delimited JSON straight from the
/// service's bytes (<see cref="WireJson"/>): one message per line, as JSON transcoding writes
/// it. Lines are flushed whenever the service has no next message ready yet (a caller sees a
/// line as soon as the service wrote it) and at least every <see cref="FlushBytes"/> while it
/// has, instead of twice a line.
/// </summary>
internal static class NdjsonLines
{
    public const int FlushBytes = 32 * 1024;

    /// <param name="messages">Relayed messages (<c>DownstreamClient.Relaying</c>): their bytes are written out, never decoded.</param>
    public static async Task WriteAsync<T>(IAsyncEnumerable<T> messages, HttpContext http, CancellationToken ct)
        where T : IMessage
    {
        var settings = RelayedJson.Settings(http);
        PipeWriter? body = null;
        var wire = new ArrayBufferWriter<byte>();
        Utf8JsonWriter? json = null;
        WireJson? writer = null;
        long unflushed = 0;
        await using var lines = messages.GetAsyncEnumerator(ct);
        try
        {
            var next = lines.MoveNextAsync();
            while (true)
            {
                if (!next.IsCompleted && unflushed > 0)
                {
                    unflushed = 0;
                    await body!.FlushAsync(ct);
                }

                if (!await next)
                {
                    break;
                }

                var message = lines.Current;
                var first = body is null;
                body ??= Start(http.Response);
                wire.ResetWrittenCount();
                message.WriteTo(wire);
                writer ??= WireJson.For(message.Descriptor, settings);
                json ??= new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = WireJson.Encoder, SkipValidation = true });
                writer.Write(wire.WrittenSpan, json);
                json.Flush();
                body.GetSpan(1)[0] = (byte)'\n';
                body.Advance(1);
                unflushed += json.BytesCommitted + 1;
                json.Reset();
                // The first line starts the response: an error after it is a last line, not a status.
                if (first || unflushed >= FlushBytes)
                {
                    unflushed = 0;
                    await body.FlushAsync(ct);
                }

                next = lines.MoveNextAsync();
            }

            if (unflushed > 0)
            {
                await body!.FlushAsync(ct);
            }
        }
        finally
        {
            json?.Dispose();
        }
    }

    /// <summary>What transcoding's own stream writer sets before its first line.</summary>
    private static PipeWriter Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        return response.BodyWriter;
    }
}
