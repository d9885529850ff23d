using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// What the gateway's HTTP middleware and its gRPC interceptor tell each other about one
/// request, as one typed feature on the HttpContext (never string keys in Items):
/// <list type="bullet">
/// <item>the top-level keys of a PATCH body (<see cref="RequestBodyMiddleware"/> → the update mask);</item>
/// <item>the status to answer when it is not transcoding's 200 (201, 204, 304, 422...) and the
/// NDJSON type of an export, applied once as the response starts;</item>
/// <item>the resource a write touched, for the audit trail;</item>
/// <item>a relayed read and the JSON body written from its bytes.</item>
/// </list>
/// </summary>
public sealed class GatewayRequest
{
    private readonly HttpResponse _response;
    private bool _hooked;

    private GatewayRequest(HttpResponse response) => _response = response;

    /// <summary>The top-level JSON keys of a PATCH body, when there was one.</summary>
    public IReadOnlyList<string>? BodyKeys { get; set; }

    /// <summary>The REST path of the resource a call addressed or created (the audit trail's "which").</summary>
    public string? Resource { get; set; }

    /// <summary>The status the response starts with, when the gateway decided one.</summary>
    public int? Status { get; private set; }

    /// <summary>
    /// Set for a REST read forwarded undecoded (<c>Forwarded.ForwardAsync</c>): the writer of its
    /// answer's JSON from the relayed bytes (<see cref="RelayedJson"/>), looked up once there.
    /// </summary>
    internal WireJson? RelayedAs { get; set; }

    /// <summary>The JSON body to send instead of what transcoding writes (a relayed read's, see <see cref="ResponseBodyFilter"/>).</summary>
    public ReadOnlyMemory<byte>? Body { get; set; }

    /// <summary>204 and 304 go out without the body transcoding writes.</summary>
    public bool SuppressBody => Status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified;

    private string? ContentType { get; set; }

    /// <summary>The request's feature, created on first use.</summary>
    public static GatewayRequest Of(HttpContext context)
    {
        if (context.Features.Get<GatewayRequest>() is { } existing)
        {
            return existing;
        }

        var created = new GatewayRequest(context.Response);
        context.Features.Set(created);
        return created;
    }

    /// <summary>Answer with this status: transcoding sets 200 just before it writes, this wins as the response starts.</summary>
    public void Answer(int status)
    {
        Status = status;
        Hook();
    }

    /// <summary>Answer a successful response with this media type (exports: NDJSON).</summary>
    public void AnswerAs(string contentType)
    {
        ContentType = contentType;
        Hook();
    }

    private void Hook()
    {
        if (_hooked)
        {
            return;
        }

        _hooked = true;
        _response.OnStarting(static state => ((GatewayRequest)state).Apply(), this);
    }

    private Task Apply()
    {
        if (Status is { } status)
        {
            _response.StatusCode = status;
        }

        if (SuppressBody)
        {
            _response.Headers.Remove(HeaderNames.ContentType);
            _response.ContentLength = null;
        }
        else if (ContentType is { } type && _response.StatusCode == StatusCodes.Status200OK)
        {
            _response.ContentType = type;
        }

        return Task.CompletedTask;
    }
}

public static class GatewayRequestExtensions
{
    /// <summary>gRPC proper (":8081" or any HTTP/2 gRPC client) as opposed to REST/JSON.</summary>
    public static bool IsGrpc(this HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The request's <see cref="GatewayRequest"/> feature.</summary>
    public static GatewayRequest GatewayRequest(this HttpContext context) => Http.GatewayRequest.Of(context);

    /// <summary>The feature when some part of the pipeline created it; null otherwise (nothing was decided).</summary>
    public static GatewayRequest? GatewayRequestIfAny(this HttpContext context) => context.Features.Get<GatewayRequest>();
}
