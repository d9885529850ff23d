using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Forwarding;

/// <summary>
/// A caller's W3C trace context, passed on to the service when the gateway itself traces
/// nothing. Without an OTLP endpoint no listener is registered and the framework's own
/// per-request activities are off (appsettings.json: `Microsoft.AspNetCore.Hosting.Diagnostics`
/// and `Grpc.Net.Client.Internal.GrpcCall` at `None`; they cost an Activity, its tags and a
/// trace header per hop), so HttpClient has no current span to propagate. The caller's trace
/// still reaches the service, as it came and only when well-formed. With tracing on, the
/// gateway's own span is current and HttpClient propagates that instead.
/// </summary>
internal static class TraceContext
{
    /// <summary>Longer `tracestate` values are dropped (W3C: a platform may truncate at 512 characters).</summary>
    private const int MaxTraceStateLength = 512;

    public static void PassOn(IHeaderDictionary incoming, Metadata outgoing)
    {
        if (Activity.Current is not null)
        {
            return;
        }

        var parent = incoming.TraceParent.ToString();
        if (parent.Length == 0 || !ActivityContext.TryParse(parent, null, out _))
        {
            return;
        }

        outgoing.Add(HeaderNames.TraceParent, parent);
        var state = incoming.TraceState.ToString();
        if (state.Length is > 0 and <= MaxTraceStateLength)
        {
            outgoing.Add(HeaderNames.TraceState, state);
        }
    }
}
