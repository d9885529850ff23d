using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// One host as its own operating-system process: `dotnet CuKhoi.X.dll` with the given
/// environment, output captured (the last lines go into failure messages), killed with its
/// children on dispose. Three guards keep a crashed or aborted test run from leaving hosts
/// behind: <see cref="DisposeAsync"/>; a process-exit hook that needs nothing but the pid
/// (no finalizer: .NET runs none at exit, and the hook keeps an undisposed host reachable
/// until then anyway); and on Unix a watchdog (`tail --pid`) that kills the host when the
/// test process dies without running either (SIGKILL from a hang timeout).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 500;

    private readonly Process _process;
    private readonly Watchdog? _watchdog;
    private readonly Queue<string> _output;
    private readonly DateTime _startTime;
    private readonly int _pid;
    private int _disposed;

    private HostProcess(string name, Process process, Queue<string> output, Watchdog? watchdog)
    {
        Name = name;
        _process = process;
        _pid = process.Id;
        _output = output;
        _watchdog = watchdog;
        _startTime = StartTimeOf(process);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process (to read /proc/&lt;id&gt;/ on Linux).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts `dotnet &lt;dll&gt;` in <paramref name="workingDirectory"/> with this environment on top
    /// of a cleaned copy of ours. Every output line goes to <paramref name="counted"/> first; a
    /// line it takes (returns true for) is accounted for there and not kept, so request logs
    /// never push a host's last words out of the failure messages.
    /// </summary>
    public static HostProcess Start(string name, string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, Func<string, bool>? counted = null)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{name}: {dll} does not exist; build the solution first (dotnet build CuKhoi.Services.sln).");
        }

        var start = new ProcessStartInfo(DotnetHost(), [dll])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // What the test run's own environment might carry that would move a host elsewhere.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "OTEL_EXPORTER_OTLP_ENDPOINT", "CUKHOI_ADMIN_KEY", "Internal__Token" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new Queue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data, counted);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data, counted);
        process.Start();
        var host = new HostProcess(name, process, output, Watchdog.Start(process.Id));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The last lines the host wrote, for failure messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";
            return $"---- {Name} ({state}), last {_output.Count} lines ----{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";
        }
    }

    /// <summary>
    /// `kill -TERM`: asks the host to stop as an orchestrator does. The signal is sent before
    /// this returns; the task ends with the exit code once the host has exited, or fails after
    /// <paramref name="timeout"/> (the host is then still running: disposing kills it).
    /// </summary>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (kill(_pid, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_pid} ({Name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return ExitCodeAsync();

        async Task<int> ExitCodeAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
    }

    /// <summary>Kills the host and waits (bounded) until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _watchdog?.Dispose();
            _process.Dispose();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => KillById();

    /// <summary>Safe in an exit hook: looks the process up afresh by pid and checks it is still ours.</summary>
    private void KillById()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(_pid);
            if (StartTimeOf(process) == _startTime)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Gone already, or not ours any more.
        }
    }

    private static void Append(Queue<string> output, string? line, Func<string, bool>? counted)
    {
        if (line is null || counted?.Invoke(line) == true)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > KeptLines)
            {
                output.Dequeue();
            }
        }
    }

    private static DateTime StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime;
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private const int Sigterm = 15;

    // .NET sends SIGKILL only (Process.Kill); a graceful stop needs SIGTERM itself.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>The dotnet that runs the tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
