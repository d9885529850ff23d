using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// The one long-lived gRPC channel to a downstream service. Its HTTP/2 connections are kept
/// and reused (a second one opens when one is full), pinged while idle so a dead peer is
/// noticed, and calls are balanced round-robin over the replicas: a static list
/// (`Services:{Name}:Addresses`) or every address a `dns:///host:port` name resolves to
/// (re-resolved every `ResolveInterval` and when a connection fails). A replica that fails is
/// skipped until it accepts connections again (<see cref="ReplicaBalancer"/>). No channel-level
/// retry: the Polly pipeline is the only retry layer.
/// </summary>
internal static class DownstreamChannel
{
    /// <summary>The HTTP/2 receive window of each call on a downstream channel: 1 MiB.</summary>
    public const int StreamWindowBytes = 1 << 20;

    /// <summary>Refuses, at start, addresses a channel could not use (the message names the setting).</summary>
    public static void Validate(string section, DownstreamOptions options)
    {
        var targets = options.Targets();
        foreach (var target in targets)
        {
            Parse(Setting(section, options), target, allowDns: targets.Count == 1);
        }
    }

    public static GrpcChannel Create(string section, DownstreamOptions options, DownstreamTransport? transport, ILoggerFactory loggers)
    {
        var targets = options.Targets();
        if (transport is not null)
        {
            // A test's in-process server: one "connection", no balancing.
            return GrpcChannel.ForAddress(
                targets.FirstOrDefault(t => t.StartsWith("http", StringComparison.Ordinal)) ?? "http://downstream.test",
                new GrpcChannelOptions { HttpHandler = transport.CreateHandler(), LoggerFactory = loggers });
        }

        var resolvers = new ServiceCollection();
        resolvers.AddSingleton<ResolverFactory>(new DnsResolverFactory(options.ResolveInterval));
        resolvers.AddSingleton<LoadBalancerFactory>(new ReplicaBalancer.Factory(loggers));
        Uri address;
        if (targets.Count == 1)
        {
            address = Parse(Setting(section, options), targets[0], allowDns: true);
        }
        else
        {
            var replicas = targets.Select(t => Parse(Setting(section, options), t, allowDns: false)).Select(u => new BalancerAddress(u.Host, u.Port)).ToList();
            resolvers.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => replicas));
            address = new Uri($"static:///{section.ToLowerInvariant()}");
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,

                // The receive window of each call. The default 64 KiB only grows with the
                // link's round-trip time, which on loopback and in a cluster is too short for
                // it to grow: a server stream (an export) then stalls for a WINDOW_UPDATE every
                // 64 KiB. 1 MiB per stream is also the most a slow REST reader of an export
                // leaves buffered here (bench/RESULTS.md: warm export 19k → 25–29k records/s).
                InitialHttp2StreamWindowSize = StreamWindowBytes,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
            // http:// says plaintext itself; dns: and static: addresses need it said.
            Credentials = address.Scheme == Uri.UriSchemeHttp ? null : ChannelCredentials.Insecure,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new LoadBalancingConfig(ReplicaBalancer.Policy) } },
            ServiceProvider = resolvers.BuildServiceProvider(),
            LoggerFactory = loggers,
        });
    }

    private static string Setting(string section, DownstreamOptions options) =>
        options.Addresses.Count > 0 ? $"Services:{section}:Addresses entry" : $"Services:{section}:Address";

    /// <summary>`http://host:port` (h2c), or `dns:///host:port` where a single address is configured.</summary>
    private static Uri Parse(string setting, string target, bool allowDns)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri)
            && ((uri.Scheme == Uri.UriSchemeHttp && uri.Port > 0) || (allowDns && uri.Scheme == "dns" && uri.AbsolutePath.Length > 1)))
        {
            return uri;
        }

        throw new InvalidOperationException(allowDns
            ? $"{setting} '{target}' must be http://host:port (h2c) or dns:///host:port."
            : $"{setting} '{target}' must be http://host:port (h2c); a dns:///host:port name stands alone, as the only address.");
    }
}
