using System.Net;
using System.Net.Sockets;
using CuKhoi.ServiceDefaults.Downstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// The balancer's memory of replicas that refused a connection (see ReplicaBalancer): a
/// marked replica is left out of the picks until a probe connects to it again, and only
/// that replica. Real sockets on loopback.
/// </summary>
public sealed class RefusedReplicasTests
{
    [Fact]
    public async Task A_refused_replica_is_left_out_until_it_accepts_a_connection_again()
    {
        var down = new DnsEndPoint("127.0.0.1", FreePort());
        var other = new DnsEndPoint("127.0.0.1", FreePort());
        var refused = new RefusedReplicas(NullLogger.Instance);

        refused.Add(down);

        Assert.True(refused.Contains(down));
        Assert.False(refused.Contains(other));

        // The replica comes back: the next probe gets through and it is picked again.
        using var listener = new TcpListener(IPAddress.Loopback, down.Port);
        listener.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (refused.Contains(down))
        {
            await Task.Delay(ReplicaBalancer.ProbeInterval / 5, timeout.Token);
        }

        Assert.False(refused.Contains(down));
    }

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
