using System.Net;
using System.Security.Cryptography;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// The four hosts as the one-command run starts them (hosting/CuKhoi.AppHost), but on free
/// loopback ports and temporary data: the same shared internal token, a bootstrap admin key,
/// sample data on for the services, one database per host (SQLite files, or PostgreSQL
/// databases in the PostgreSQL pass: see <see cref="HostDatabases"/>). Rate limits are off so
/// the tests' own traffic is never refused. With <c>replicas</c> &gt; 1, articles and contests
/// run that many instances each on their service's one database, the gateway is given all
/// of them (Services:*:Addresses), and every instance counts the calls it serves.
/// </summary>
public sealed class CuKhoiSystem : IAsyncDisposable
{
    /// <summary>How long the hosts get to start and report ready before the run fails.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Services = ["CuKhoi.Articles", "CuKhoi.DvkModels", "CuKhoi.Contests"];
    private static readonly string[] Replicable = ["CuKhoi.Articles", "CuKhoi.Contests"];
    private const string Gateway = "CuKhoi.Gateway";

    private readonly Dictionary<string, HostProcess> _hosts = [];
    private readonly List<Instance> _instances = [];
    private readonly Dictionary<string, int> _ports = [];

    /// <summary>Instances sent SIGTERM that have not exited yet (still draining).</summary>
    private readonly HashSet<string> _stopping = [];
    private HostDatabases? _databases;

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _settings;

    private CuKhoiSystem(string dataDirectory, int replicas, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? settings)
    {
        DataDirectory = dataDirectory;
        _settings = settings ?? new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var hosts = Services.SelectMany(h => Enumerable.Repeat(h, Replicable.Contains(h) ? replicas : 1)).Append(Gateway).ToList();
        var ports = FreePorts.Take(hosts.Count + 1);
        foreach (var (host, port) in hosts.Zip(ports))
        {
            var number = _instances.Count(i => i.Host == host) + 1;
            var name = replicas > 1 && Replicable.Contains(host) ? $"{ShortName(host)}-{number}" : ShortName(host);
            _instances.Add(new Instance(host, name, port, replicas > 1 && host != Gateway ? new RequestCounter() : null));
            _ports.TryAdd(host, port);
        }

        // The gateway's two doors: REST on its instance's port, gRPC on the spare one.
        _ports["rest"] = _ports[Gateway];
        _ports["grpc"] = ports[^1];
    }

    public string DataDirectory { get; }

    public string InternalToken { get; } = Secret();

    public string AdminKey { get; } = Secret();

    /// <summary>A host's port (its first instance's), "rest" and "grpc" for the gateway's doors.</summary>
    public IReadOnlyDictionary<string, int> Ports => _ports;

    /// <summary>The gateway's REST door, e.g. http://127.0.0.1:41234 (the README's $GW).</summary>
    public Uri RestBase => new(Url("rest"));

    /// <summary>The gateway's gRPC door (h2c).</summary>
    public Uri GrpcAddress => new(Url("grpc"));

    /// <summary>A service's own port (its first instance), to show it refuses outsiders.</summary>
    public Uri ServiceAddress(string host) => new(Url(host));

    /// <summary>The instances of a host, e.g. "CuKhoi.Articles" → ["articles-1", "articles-2"].</summary>
    public IReadOnlyList<string> InstancesOf(string host) => _instances.Where(i => i.Host == host).Select(i => i.Name).ToList();

    /// <summary>The host an instance runs, e.g. "articles-2" → "CuKhoi.Articles".</summary>
    public string HostOf(string instance) => Find(instance).Host;

    /// <summary>The port an instance listens on (the same after a restart): what the gateway's log names it by.</summary>
    public int PortOf(string instance) => Find(instance).Port;

    /// <summary>The calls an instance has served so far, across its restarts (replicated systems only).</summary>
    public RequestCounter Requests(string instance) =>
        Find(instance).Requests ?? throw new InvalidOperationException($"{instance} does not count its requests: start the system with replicas > 1.");

    /// <summary>
    /// Starts all hosts on fresh databases and waits until the gateway is ready (and, with
    /// replicas, until every instance has served a call through it).
    /// </summary>
    /// <param name="replicas">Instances each of articles and contests.</param>
    /// <param name="settings">Extra environment by host (e.g. "CuKhoi.Articles" → Articles__ViewFlushInterval), on top of the defaults.</param>
    public static async Task<CuKhoiSystem> StartAsync(int replicas = 1, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? settings = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "cukhoi-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        var system = new CuKhoiSystem(data, replicas, settings);
        try
        {
            system._databases = await HostDatabases.CreateAsync(data, Services.Append(Gateway).Select(ShortName));
            foreach (var instance in system._instances)
            {
                system.Launch(instance);
            }

            await system.WaitReadyAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the three services (as a crash would); the gateway keeps running.</summary>
    public Task StopServicesAsync() =>
        Task.WhenAll(_instances.Where(i => i.Host != Gateway).Select(i => KillAsync(i.Name)));

    /// <summary>Starts the three services again on the same ports and data, then waits for readiness.</summary>
    public async Task StartServicesAsync()
    {
        foreach (var instance in _instances.Where(i => i.Host != Gateway))
        {
            Launch(instance);
        }

        await WaitReadyAsync();
    }

    /// <summary>`kill -9` of one instance (Process.Kill of its whole tree); waits, bounded, until it is gone.</summary>
    public async Task KillAsync(string instance)
    {
        _stopping.Remove(instance);
        if (_hosts.Remove(instance, out var host))
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>
    /// `kill -TERM` of one instance (a graceful stop). The signal is sent before this returns;
    /// the task ends with the exit code once the instance has exited (bounded by
    /// <see cref="StartTimeout"/>), and the instance can then be started again with <see cref="RestartAsync"/>.
    /// </summary>
    public Task<int> TerminateAsync(string instance)
    {
        var host = _hosts[instance];
        var exited = host.TerminateAsync(StartTimeout);
        _stopping.Add(instance);
        return ForgetAsync();

        async Task<int> ForgetAsync()
        {
            var code = await exited;
            if (_hosts.TryGetValue(instance, out var current) && current == host)
            {
                _hosts.Remove(instance);
                _stopping.Remove(instance);
            }

            await host.DisposeAsync();
            return code;
        }
    }

    public bool IsRunning(string instance) => _hosts.TryGetValue(instance, out var host) && !host.HasExited;

    /// <summary>The operating system's process id of a running instance.</summary>
    public int ProcessIdOf(string instance) => _hosts[instance].ProcessId;

    /// <summary>
    /// Starts an instance again on its port and database (killing it first if it still runs, so
    /// no process is left behind); returns once it answers its own health check (the gateway:
    /// once the system is ready through it again).
    /// </summary>
    public async Task RestartAsync(string instance)
    {
        var found = Find(instance);
        await KillAsync(instance);
        Launch(found);
        if (found.Host == Gateway)
        {
            await WaitReadyAsync();
            return;
        }

        using var deadline = new CancellationTokenSource(StartTimeout);
        await ServingAsync(found, deadline.Token);
    }

    /// <summary>
    /// Starts again every instance that is not running (killed, stopped) or still stopping
    /// (a test that failed after a SIGTERM), then waits until the system is ready.
    /// </summary>
    public async Task WholeAsync()
    {
        foreach (var instance in _instances.Where(i => !IsRunning(i.Name) || _stopping.Contains(i.Name)).ToList())
        {
            await KillAsync(instance.Name); // gone for good first: exited, or cut short in its drain
            Launch(instance);
        }

        await WaitReadyAsync();
    }

    /// <summary>Whether the host has made its database (file or server schema) where this system said.</summary>
    public Task<bool> HoldsDataAsync(string database) => Databases.HoldsDataAsync(database);

    /// <summary>The SQLite file of a database, e.g. "articles" (SQLite pass only).</summary>
    public string SqliteFile(string database) => Databases.SqliteFile(database);

    /// <summary>
    /// Each service instance's own grpc.health.v1 until SERVING, then GET /readyz (every
    /// service through the gateway and its own database) until 200, then one anonymous read
    /// through each service until it is answered: on a loaded 2-core machine a freshly started
    /// host can miss the gateway's 5 s deadline on its very first call (JIT, first queries),
    /// which is start-up, not what the tests check. With replicas the read is repeated until
    /// every instance has served one, so each is warm and known to the gateway's balancer.
    /// Fails at once when a host exits, and after <see cref="StartTimeout"/>.
    /// </summary>
    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = RestBase, Timeout = TimeSpan.FromSeconds(10) };
        using var deadline = new CancellationTokenSource(StartTimeout);
        foreach (var instance in _instances.Where(i => i.Host != Gateway))
        {
            await ServingAsync(instance, deadline.Token);
        }

        await PollAsync(http, "/readyz", [], deadline.Token);
        foreach (var (probe, host) in new[] { ("/api/v1/articles?pageSize=1", "CuKhoi.Articles"), ("/api/v1/dvk-models?pageSize=1", "CuKhoi.DvkModels"), ("/api/v1/contests?pageSize=1", "CuKhoi.Contests") })
        {
            await PollAsync(http, probe, _instances.Where(i => i.Host == host && i.Requests is not null).ToList(), deadline.Token);
        }
    }

    /// <summary>What the hosts (all, or the instances named) wrote last: goes into failure messages.</summary>
    public string Output(params string[] instances) =>
        string.Join(Environment.NewLine, _hosts.Where(h => instances.Length == 0 || instances.Contains(h.Key)).Select(h => h.Value.Output()));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_hosts.Values.Select(h => h.DisposeAsync().AsTask()));
        _hosts.Clear();
        if (_databases is not null)
        {
            await _databases.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open is left to the temp cleaner; never fail a run for it.
        }
    }

    private HostDatabases Databases => _databases ?? throw new InvalidOperationException("The system has not started.");

    /// <summary>GET <paramref name="probe"/> until 200 and until each of <paramref name="served"/> has counted a call.</summary>
    private Task PollAsync(HttpClient http, string probe, IReadOnlyList<Instance> served, CancellationToken deadline) =>
        UntilAsync(
            async ct =>
            {
                using var response = await http.GetAsync(probe, ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
                }

                var waiting = served.Where(i => i.Requests!.Total == 0).Select(i => i.Name).ToList();
                return waiting.Count == 0 ? null : $"200, but not served yet by {string.Join(", ", waiting)}";
            },
            deadline,
            last => $"The system was not ready within {StartTimeout.TotalSeconds:0} s (last GET {probe}: {last}).");

    /// <summary>The instance's own grpc.health.v1 (no token needed) until SERVING.</summary>
    private async Task ServingAsync(Instance instance, CancellationToken deadline)
    {
        using var channel = GrpcChannel.ForAddress(Url(instance.Port));
        var health = new Health.HealthClient(channel);
        await UntilAsync(
            async ct =>
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + TimeSpan.FromSeconds(5), cancellationToken: ct);
                return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving ? null : answer.Status.ToString();
            },
            deadline,
            last => $"{instance.Name} did not answer its health check within {StartTimeout.TotalSeconds:0} s (last: {last}).");
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> every 100 ms until it has nothing to say (null: done); a
    /// failed attempt is said by its error. Fails at once when a host exits, and at the deadline
    /// with <paramref name="timedOut"/> of the last thing said and every host's last output.
    /// </summary>
    private async Task UntilAsync(Func<CancellationToken, Task<string?>> attempt, CancellationToken deadline, Func<string, string> timedOut)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var last = "no answer yet";
        do
        {
            ThrowIfExited();
            try
            {
                if (await attempt(deadline) is not { } notYet)
                {
                    return;
                }

                last = notYet;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Grpc.Core.RpcException && !deadline.IsCancellationRequested)
            {
                last = e.Message;
            }
            catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException)
            {
                break;
            }
        }
        while (await WaitOrFalse(poll, deadline));

        throw new TimeoutException($"{timedOut(last)}{Environment.NewLine}{Output()}");
    }

    private void ThrowIfExited()
    {
        if (_hosts.Values.FirstOrDefault(h => h.HasExited) is { } exited)
        {
            throw new InvalidOperationException($"{exited.Name} exited while starting.{Environment.NewLine}{Output()}");
        }
    }

    private void Launch(Instance instance)
    {
        var dll = BuildOutput.HostDll(instance.Host);
        var environment = new Dictionary<string, string>(Databases.Settings(ShortName(instance.Host)))
        {
            // As deployed. (The one-command run says Development, whose only difference is
            // appsettings.Development.json: log levels and Seed:Sample, set explicitly below.)
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The host's own folder: without its appsettings.json Kestrel would fall back to HTTP/1.1.
            ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(dll)!,
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "false",
            ["Internal__Token"] = InternalToken,
        };

        if (instance.Host == Gateway)
        {
            environment["Kestrel__Endpoints__Rest__Url"] = Url("rest");
            environment["Kestrel__Endpoints__Grpc__Url"] = Url("grpc");
            environment["CUKHOI_ADMIN_KEY"] = AdminKey;
            foreach (var service in Services)
            {
                AddAddresses(environment, service);
            }

            environment["RateLimiting__Enabled"] = "false";
            if (_instances.Any(i => i.Requests is not null))
            {
                // What the balancer saw of each replica (connected, lost, refused): a few lines per
                // change of state, none per call, so a failover failure explains itself.
                environment["Logging__LogLevel__Grpc.Net.Client.Balancer.Subchannel"] = "Debug";
                environment["Logging__LogLevel__Grpc.Net.Client.Balancer.Internal.SocketConnectivitySubchannelTransport"] = "Debug";
            }
        }
        else
        {
            environment["Kestrel__Endpoints__Grpc__Url"] = Url(instance.Port);
            environment["Seed__Sample"] = "true";
            if (instance.Host == "CuKhoi.Contests")
            {
                environment["Services__DvkModels__Address"] = Url("CuKhoi.DvkModels");
            }
        }

        if (instance.Requests is not null)
        {
            // One "Request finished" line per call, one line per message: what RequestCounter reads.
            environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
            environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        }

        foreach (var (key, value) in _settings.GetValueOrDefault(instance.Host) ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        _hosts[instance.Name] = HostProcess.Start(instance.Name, dll, DataDirectory, environment, instance.Requests is { } counter ? counter.Observe : null);
    }

    /// <summary>`Services__Articles__Address`, or `Services__Articles__Addresses__0`, `__1`, ... for replicas.</summary>
    private void AddAddresses(Dictionary<string, string> environment, string service)
    {
        var section = $"Services__{service["CuKhoi.".Length..]}__";
        var instances = _instances.Where(i => i.Host == service).ToList();
        if (instances.Count == 1)
        {
            environment[section + "Address"] = Url(instances[0].Port);
            return;
        }

        foreach (var (instance, index) in instances.Select((instance, index) => (instance, index)))
        {
            environment[$"{section}Addresses__{index}"] = Url(instance.Port);
        }
    }

    private Instance Find(string name) =>
        _instances.FirstOrDefault(i => i.Name == name) ?? throw new ArgumentException($"No instance '{name}' (there are {string.Join(", ", _instances.Select(i => i.Name))}).", nameof(name));

    private string Url(string endpoint) => Url(_ports[endpoint]);

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    /// <summary>"CuKhoi.DvkModels" → "dvkmodels": the process and database names.</summary>
    private static string ShortName(string host) => host["CuKhoi.".Length..].ToLowerInvariant();

    private static async Task<bool> WaitOrFalse(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>One process of a host: its name ("articles-2"), its port, and its request count when replicated.</summary>
    private sealed record Instance(string Host, string Name, int Port, RequestCounter? Requests);
}
