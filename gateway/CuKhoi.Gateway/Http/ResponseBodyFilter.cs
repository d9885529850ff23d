using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// The REST response body as <see cref="ErrorShapeMiddleware"/> sees it. Where the body goes
/// is decided when a writer first asks for it, by then the status is set: a success body is
/// the server's own (no copy, exports stream as written); an error body is held back so it
/// can be checked against the contract's shape; a body the status forbids (204, 304) is dropped;
/// and a relayed read's own JSON (<see cref="RelayedJson"/>) replaces what transcoding writes.
/// </summary>
internal sealed class ResponseBodyFilter(IHttpResponseBodyFeature inner, HttpContext context) : IHttpResponseBodyFeature
{
    /// <summary>Error bodies larger than this are not ours to rewrite: they go out as they are.</summary>
    private const int MaxHeldBytes = 1024 * 1024;

    private Target? _target;

    /// <summary>The held-back error body, if the response is an error.</summary>
    public MemoryStream? Held => (_target as HeldBody)?.Buffer;

    public Stream Stream => Decide().Stream;

    public PipeWriter Writer => Decide().Writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        Decide() is ServerBody ? inner.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        Decide() is ServerBody ? inner.SendFileAsync(path, offset, count, cancellationToken) : Task.CompletedTask;

    public Task CompleteAsync() => _target is null or ServerBody ? inner.CompleteAsync() : _target.Writer.FlushAsync().AsTask();

    /// <summary>The body to send instead of the server's (a relayed read's JSON), once the server has written its own.</summary>
    public ReadOnlyMemory<byte>? Replacement => (_target as ReplacedBody)?.Body;

    private Target Decide() => _target ??= context.GatewayRequestIfAny() is { SuppressBody: true }
        ? new DroppedBody()
        : context.Response.StatusCode >= StatusCodes.Status400BadRequest ? new HeldBody(inner)
        : context.GatewayRequestIfAny() is { Body: { } body } ? new ReplacedBody(body)
        : new ServerBody(inner);

    private abstract class Target
    {
        public abstract Stream Stream { get; }

        public abstract PipeWriter Writer { get; }
    }

    private sealed class ServerBody(IHttpResponseBodyFeature inner) : Target
    {
        public override Stream Stream => inner.Stream;

        public override PipeWriter Writer => inner.Writer;
    }

    private class DroppedBody : Target
    {
        private PipeWriter? _writer;

        public override Stream Stream => System.IO.Stream.Null;

        public override PipeWriter Writer => _writer ??= PipeWriter.Create(System.IO.Stream.Null);
    }

    /// <summary>The server's body is dropped; ErrorShapeMiddleware sends this one in its place.</summary>
    private sealed class ReplacedBody(ReadOnlyMemory<byte> body) : DroppedBody
    {
        public ReadOnlyMemory<byte> Body => body;
    }

    /// <summary>An error body in memory; past <see cref="MaxHeldBytes"/> it is let through as it is.</summary>
    private sealed class HeldBody : Target
    {
        private readonly HoldingStream _stream;
        private PipeWriter? _writer;

        public HeldBody(IHttpResponseBodyFeature inner) => _stream = new HoldingStream(inner.Stream);

        public MemoryStream? Buffer => _stream.Held;

        public override Stream Stream => _stream;

        public override PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    private sealed class HoldingStream(Stream server) : Stream
    {
        public MemoryStream? Held { get; private set; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Target(count).Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Target(buffer.Length).WriteAsync(buffer, cancellationToken);

        public override void Flush()
        {
            if (Held is null)
            {
                server.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            Held is null ? server.FlushAsync(cancellationToken) : Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private Stream Target(int count)
        {
            if (Held is not null && Held.Length + count > MaxHeldBytes)
            {
                // Not an error body worth checking: let it through as it is.
                Held.Position = 0;
                Held.CopyTo(server);
                Held = null;
            }

            return Held ?? server;
        }
    }
}
