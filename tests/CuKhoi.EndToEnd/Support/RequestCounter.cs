using System.Collections.Concurrent;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// The gRPC calls one service instance says it served: the instance runs with
/// `Microsoft.AspNetCore.Hosting.Diagnostics` at Information and single-line console logs,
/// so it writes one "Request finished HTTP/2 POST http://127.0.0.1:port/pkg.Service/Method - 200 ..."
/// line per call. Counted by method, across restarts of the instance; health checks are left
/// out (they are probes, not traffic the gateway balanced).
/// </summary>
public sealed class RequestCounter
{
    private readonly ConcurrentDictionary<string, long> _byMethod = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Every call served but health checks.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The calls of one method, e.g. "CreateArticle".</summary>
    public long Of(string method) => _byMethod.GetValueOrDefault(method);

    /// <summary>Takes the request log lines (true: counted, not worth keeping); leaves every other line.</summary>
    public bool Observe(string line)
    {
        if (line.Contains("Request starting ", StringComparison.Ordinal))
        {
            return true;
        }

        if (!line.Contains("Request finished ", StringComparison.Ordinal))
        {
            return false;
        }

        var url = line.Split(' ').FirstOrDefault(word => word.StartsWith("http://", StringComparison.Ordinal));
        if (url is null || url.Contains("/grpc.health.v1.Health/", StringComparison.Ordinal))
        {
            return true;
        }

        _byMethod.AddOrUpdate(url[(url.LastIndexOf('/') + 1)..], 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        return true;
    }
}
