using System.Net;
using System.Security.Cryptography;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// The four hosts as the one-command run starts them (hosting/CuKhoi.AppHost), but on free
/// loopback ports and a temporary data folder: the same shared internal token, a bootstrap
/// admin key, sample data on for the services, one SQLite file per host. Rate limits are
/// off so the tests' own traffic is never refused.
/// </summary>
public sealed class CuKhoiSystem : IAsyncDisposable
{
    /// <summary>How long the hosts get to start and report ready before the run fails.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Services = ["CuKhoi.Articles", "CuKhoi.DvkModels", "CuKhoi.Contests"];
    private const string Gateway = "CuKhoi.Gateway";

    private readonly Dictionary<string, HostProcess> _hosts = [];

    private CuKhoiSystem(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        var ports = FreePorts.Take(5);
        Ports = new Dictionary<string, int>
        {
            ["CuKhoi.Articles"] = ports[0],
            ["CuKhoi.DvkModels"] = ports[1],
            ["CuKhoi.Contests"] = ports[2],
            ["rest"] = ports[3],
            ["grpc"] = ports[4],
        };
    }

    public string DataDirectory { get; }

    public string InternalToken { get; } = Secret();

    public string AdminKey { get; } = Secret();

    public IReadOnlyDictionary<string, int> Ports { get; }

    /// <summary>The gateway's REST door, e.g. http://127.0.0.1:41234 (the README's $GW).</summary>
    public Uri RestBase => new(Url("rest"));

    /// <summary>The gateway's gRPC door (h2c).</summary>
    public Uri GrpcAddress => new(Url("grpc"));

    /// <summary>A service's own port, to show it refuses outsiders.</summary>
    public Uri ServiceAddress(string host) => new(Url(host));

    /// <summary>Starts all four hosts on a fresh data folder and waits until the gateway is ready.</summary>
    public static async Task<CuKhoiSystem> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "cukhoi-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        var system = new CuKhoiSystem(data);
        try
        {
            foreach (var name in Services.Append(Gateway))
            {
                system.Launch(name);
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
    public async Task StopServicesAsync()
    {
        var stopping = Services.Select(name => _hosts[name]).ToList();
        foreach (var name in Services)
        {
            _hosts.Remove(name);
        }

        await Task.WhenAll(stopping.Select(h => h.DisposeAsync().AsTask()));
    }

    /// <summary>Starts the three services again on the same ports and data, then waits for readiness.</summary>
    public async Task StartServicesAsync()
    {
        foreach (var name in Services)
        {
            Launch(name);
        }

        await WaitReadyAsync();
    }

    /// <summary>
    /// Polls GET /readyz (every service's grpc.health.v1 and the gateway's own database)
    /// until 200, then one anonymous read through each service until it is answered: on a
    /// loaded 2-core machine a freshly started host can miss the gateway's 5 s deadline on
    /// its very first call (JIT, first queries), which is start-up, not what the tests check.
    /// Fails at once when a host exits, and after <see cref="StartTimeout"/>.
    /// </summary>
    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = RestBase, Timeout = TimeSpan.FromSeconds(10) };
        using var deadline = new CancellationTokenSource(StartTimeout);
        foreach (var probe in new[] { "/readyz", "/api/v1/articles?pageSize=1", "/api/v1/dvk-models?pageSize=1", "/api/v1/contests?pageSize=1" })
        {
            await PollAsync(http, probe, deadline.Token);
        }
    }

    private async Task PollAsync(HttpClient http, string probe, CancellationToken deadline)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var last = "no answer yet";
        do
        {
            if (_hosts.Values.FirstOrDefault(h => h.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited while starting.{Environment.NewLine}{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(probe, deadline);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(deadline)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
            {
                last = e.Message;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        while (await WaitOrFalse(poll, deadline));

        throw new TimeoutException($"The system was not ready within {StartTimeout.TotalSeconds:0} s (last GET {probe}: {last}).{Environment.NewLine}{Output()}");
    }

    /// <summary>What every host wrote last: goes into failure messages.</summary>
    public string Output() => string.Join(Environment.NewLine, _hosts.Values.Select(h => h.Output()));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_hosts.Values.Select(h => h.DisposeAsync().AsTask()));
        _hosts.Clear();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open is left to the temp cleaner; never fail a run for it.
        }
    }

    private void Launch(string name)
    {
        var dll = BuildOutput.HostDll(name);
        var environment = new Dictionary<string, string>
        {
            // As deployed. (The one-command run says Development, whose only difference is
            // appsettings.Development.json: log levels and Seed:Sample, set explicitly below.)
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The host's own folder: without its appsettings.json Kestrel would fall back to HTTP/1.1.
            ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(dll)!,
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "false",
            ["Internal__Token"] = InternalToken,
            ["Database__Provider"] = "sqlite",
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(DataDirectory, ShortName(name) + ".db")}",
        };

        if (name == Gateway)
        {
            environment["Kestrel__Endpoints__Rest__Url"] = Url("rest");
            environment["Kestrel__Endpoints__Grpc__Url"] = Url("grpc");
            environment["CUKHOI_ADMIN_KEY"] = AdminKey;
            environment["Services__Articles__Address"] = Url("CuKhoi.Articles");
            environment["Services__DvkModels__Address"] = Url("CuKhoi.DvkModels");
            environment["Services__Contests__Address"] = Url("CuKhoi.Contests");
            environment["RateLimiting__Enabled"] = "false";
        }
        else
        {
            environment["Kestrel__Endpoints__Grpc__Url"] = Url(name);
            environment["Seed__Sample"] = "true";
            if (name == "CuKhoi.Contests")
            {
                environment["Services__DvkModels__Address"] = Url("CuKhoi.DvkModels");
            }
        }

        _hosts[name] = HostProcess.Start(ShortName(name), dll, DataDirectory, environment);
    }

    private string Url(string endpoint) => $"http://127.0.0.1:{Ports[endpoint]}";

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
}
