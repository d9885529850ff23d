using Microsoft.AspNetCore.Http;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// The REST response body as <see cref="ErrorShapeMiddleware"/> sees it: success bodies
/// pass straight through (exports stream and flush as written); an error body is held
/// back so it can be checked against the contract's shape; a body the status forbids
/// (204, 304) is dropped.
/// </summary>
internal sealed class ResponseBodyFilter(Stream inner, HttpContext context) : Stream
{
    private const int MaxHeldBytes = 1024 * 1024;

    private bool _decided;

    /// <summary>The held-back error body, if the response is an error.</summary>
    public MemoryStream? Held { get; private set; }

    public bool Wrote { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Target(count)?.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Target(buffer.Length)?.WriteAsync(buffer, cancellationToken) ?? ValueTask.CompletedTask;

    public override void Flush()
    {
        if (PassingThrough)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        PassingThrough ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private bool Suppressed => context.GatewayRequestIfAny()?.SuppressBody == true;

    private bool PassingThrough => _decided && Held is null && !Suppressed;

    private Stream? Target(int count)
    {
        if (Suppressed)
        {
            return null;
        }

        Wrote = true;
        if (!_decided)
        {
            _decided = true;
            if (context.Response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                Held = new MemoryStream();
            }
        }

        if (Held is not null && Held.Length + count > MaxHeldBytes)
        {
            // Not an error body worth checking: let it through as it is.
            Held.Position = 0;
            Held.CopyTo(inner);
            Held = null;
        }

        return Held ?? inner;
    }
}
