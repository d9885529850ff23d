using System.ComponentModel;
using System.Diagnostics;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// On Unix, a `/bin/sh` beside each host: `tail --pid=&lt;test process&gt;` returns once the
/// test process is gone (also after a SIGKILL from a hang timeout, when no .NET code of ours
/// runs), then the host is killed. No polling loop of ours. A tail without --pid returns at
/// once and, the test process being alive, kills nothing. Disposed with the host.
/// </summary>
public sealed class Watchdog : IDisposable
{
    private readonly Process _shell;

    private Watchdog(Process shell) => _shell = shell;

    public static Watchdog? Start(int hostPid)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            return null;
        }

        // tail's exit status varies; what counts is that the test process is really gone.
        var testPid = Environment.ProcessId;
        var script = $"tail --pid={testPid} -f /dev/null 2>/dev/null; kill -0 {testPid} 2>/dev/null || kill -9 {hostPid} 2>/dev/null";
        try
        {
            var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            return shell is null ? null : new Watchdog(shell);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_shell.HasExited)
            {
                _shell.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _shell.Dispose();
        }
    }
}
