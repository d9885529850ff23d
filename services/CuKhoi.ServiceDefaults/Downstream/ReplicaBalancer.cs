using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// Round-robin over the ready replicas, like Grpc.Net.Client's own, except that a replica
/// which refused a connection is skipped until it accepts one again.
/// <para>
/// Why not the library's round-robin alone: a replica killed just after the balancer had
/// (re)connected to it stays READY there for good. The subchannel's pre-connected socket is
/// found dead when the first call takes it, the call's own connect is refused, and nothing
/// changes the subchannel's state (Grpc.Net.Client 2.85, SocketConnectivitySubchannelTransport
/// .GetStreamAsync), so every other call went to the dead replica until it was started
/// again (seen in the failover test: half the calls of a service answered 503 for as long
/// as it was down). Here the refused connect marks the replica, a probe connects to it every
/// <see cref="ProbeInterval"/>, and the picker leaves it out until the probe gets through.
/// </para>
/// </summary>
internal sealed class ReplicaBalancer(IChannelControlHelper controller, ILoggerFactory loggers, RefusedReplicas refused)
    : SubchannelsLoadBalancer(controller, loggers)
{
    /// <summary>The name in the channel's service config.</summary>
    public const string Policy = "cukhoi_round_robin";

    /// <summary>How often a refused replica is tried again (a TCP connect, nothing sent).</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    protected override SubchannelPicker CreatePicker(IReadOnlyList<Subchannel> readySubchannels) => new Picker(readySubchannels, refused);

    public sealed class Factory(ILoggerFactory loggers) : LoadBalancerFactory
    {
        // One record of refused replicas per channel, shared by the pickers the balancer makes.
        private readonly RefusedReplicas _refused = new(loggers.CreateLogger<ReplicaBalancer>());

        public override string Name => Policy;

        public override LoadBalancer Create(LoadBalancerOptions options) => new ReplicaBalancer(options.Controller, options.LoggerFactory, _refused);
    }

    private sealed class Picker(IReadOnlyList<Subchannel> ready, RefusedReplicas refused) : SubchannelPicker
    {
        private readonly RoundRobin<Subchannel> _replicas = new(ready);

        private readonly Func<Subchannel, bool> _isRefused = subchannel => subchannel.CurrentAddress is { } address && refused.Contains(address.EndPoint);

        // Keeps no state of a call: one serves every pick.
        private readonly Tracker _tracker = new(refused);

        // The next ready replica that is not marked refused; if every one is marked, the next
        // one anyway (a marked replica may be back before its probe says so).
        public override PickResult Pick(PickContext context) => PickResult.ForSubchannel(_replicas.Pick(_isRefused), _tracker);
    }

    /// <summary>Told how each call ended: a refused or failed connect marks its replica.</summary>
    private sealed class Tracker(RefusedReplicas refused) : ISubchannelCallTracker
    {
        public void Start()
        {
        }

        public void Complete(CompletionContext context)
        {
            if (context.Address is { } address && IsConnectFailure(context.Error))
            {
                refused.Add(address.EndPoint);
            }
        }

        private static bool IsConnectFailure(Exception? error) =>
            error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
    }
}

/// <summary>
/// The replicas of one channel that refused a connection, each probed until it accepts one,
/// for at most <see cref="ProbeFor"/> (an address the resolver no longer names is not probed
/// for ever; a replica still down then is marked again by the next call it refuses).
/// </summary>
internal sealed class RefusedReplicas(ILogger logger)
{
    private static readonly TimeSpan ProbeFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<DnsEndPoint, byte> _refused = new();

    public bool Contains(DnsEndPoint endPoint) => !_refused.IsEmpty && _refused.ContainsKey(endPoint);

    public void Add(DnsEndPoint endPoint)
    {
        if (_refused.TryAdd(endPoint, 0))
        {
            logger.LogWarning("Replica {Replica} refused a connection; skipped until it accepts one", endPoint);
            _ = ProbeAsync(endPoint);
        }
    }

    private async Task ProbeAsync(DnsEndPoint endPoint)
    {
        var until = DateTime.UtcNow + ProbeFor;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(ReplicaBalancer.ProbeInterval);
            try
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.ConnectAsync(endPoint, timeout.Token);
                break;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // Still down: probe again.
            }
        }

        _refused.TryRemove(endPoint, out _);
        logger.LogInformation("Replica {Replica} balanced in again", endPoint);
    }
}

/// <summary>
/// Round-robin over a fixed list that passes over the items a caller skips, for concurrent
/// picks. Each pick turns the shared counter once and scans on from there by itself: a pick that
/// read the counter again for each skipped item could be moved back onto a skipped one by the
/// other picks turning it meanwhile, and with two replicas, one down, go to the down one (the
/// likely cause of a write answered 503 after the kill window in one CI run of the failover test).
/// </summary>
internal sealed class RoundRobin<T>(IReadOnlyList<T> items)
{
    // A random start, as the library's round-robin does, so new channels do not all begin on one item.
    private int _next = Random.Shared.Next(items.Count);

    public T Pick(Func<T, bool> skip)
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[(start + i) % items.Count];
            if (!skip(item))
            {
                return item;
            }
        }

        return items[start];
    }
}
