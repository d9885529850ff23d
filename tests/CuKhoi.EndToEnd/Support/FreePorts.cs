using System.Net;
using System.Net.Sockets;

namespace CuKhoi.EndToEnd.Support;

/// <summary>Loopback ports nobody listens on: the contract's 8080/5101... may be taken on a developer machine.</summary>
public static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports, all held until the last is chosen so the
    /// operating system cannot hand out the same one twice.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
