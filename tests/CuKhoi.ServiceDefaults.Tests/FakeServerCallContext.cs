using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// Just enough of a server call for interceptors and Idempotency.WriteAsync: a method
/// name, request headers and a cancellation token (Grpc.Core.Testing is not available).
/// </summary>
internal sealed class FakeServerCallContext(string method, Metadata? headers = null, CancellationToken cancellationToken = default, DateTime? deadline = null) : ServerCallContext
{
    private readonly Metadata _responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:50000";

    protected override DateTime DeadlineCore => deadline ?? DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => headers ?? [];

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
