using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Options;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// A REST read answered from the service's bytes: the read is relayed undecoded (as a native
/// gRPC read is), and its JSON is written from those bytes by <see cref="WireJson"/>, the
/// writer of the export lines, instead of transcoding decoding the message into strings and
/// serializing it again. <see cref="HttpSemanticsInterceptor"/> takes the ETag from the bytes
/// and asks for the body; <see cref="ResponseBodyFilter"/> sends it in place of the blank
/// message transcoding writes.
/// </summary>
internal static class RelayedJson
{
    /// <summary>The JSON settings transcoding writes with, which the bytes are written with too.</summary>
    public static GrpcJsonSettings Settings(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<GrpcJsonTranscodingOptions>>().Value.JsonSettings;

    /// <summary>The writer of a REST answer of type <typeparamref name="T"/> from its bytes; null for a type it does not write (maps: the statistics answers are decoded).</summary>
    public static WireJson? WriterFor<T>(HttpContext http)
        where T : IMessage<T>, new() =>
        WireJson.TryFor(Descriptors<T>.Value, Settings(http));

    /// <summary>
    /// The JSON body for a relayed answer's bytes, as transcoding writes the decoded message,
    /// in pooled memory the response gives back once it is sent.
    /// </summary>
    public static ReadOnlyMemory<byte> Write(HttpResponse response, WireJson writer, ReadOnlySpan<byte> wire)
    {
        var body = new PooledBuffer(wire.Length + (wire.Length / 4) + 256);
        response.RegisterForDispose(body);
        using (var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = WireJson.Encoder, SkipValidation = true }))
        {
            writer.Write(wire, json);
        }

        return body.WrittenMemory;
    }

    private static class Descriptors<T>
        where T : IMessage<T>, new()
    {
        public static readonly MessageDescriptor Value = new T().Descriptor;
    }
}
