using System.Diagnostics;

namespace CuKhoi.Reports.Tests;

/// <summary>
/// Debian's headless chromium, run as a process with a bounded wait per run. Console output
/// is logged to stderr (`--enable-logging=stderr`), where page messages appear as
/// `CONSOLE` lines; the report page has no script, so any such line is a defect
/// (a blocked resource, a CSP refusal, an error).
/// </summary>
public sealed class Chromium(string executable, string workDirectory)
{
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    public static string? Find() =>
        Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured && File.Exists(configured) ? configured
        : File.Exists(DefaultPath) ? DefaultPath
        : null;

    public sealed record Run(int ExitCode, string StandardOutput, string StandardError)
    {
        public IReadOnlyList<string> ConsoleLines =>
            [.. StandardError.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal))];
    }

    public Task<Run> ScreenshotAsync(Uri page, string png) => RunAsync(page, "--window-size=900,2000", $"--screenshot={png}");

    public Task<Run> PrintToPdfAsync(Uri page, string pdf) => RunAsync(page, "--no-pdf-header-footer", $"--print-to-pdf={pdf}");

    public Task<Run> DumpDomAsync(Uri page) => RunAsync(page, "--dump-dom");

    private async Task<Run> RunAsync(Uri page, params string[] extra)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var profile = Path.Combine(workDirectory, "profile-" + Guid.NewGuid().ToString("N"));
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            "--enable-logging=stderr", "--v=0",
            $"--user-data-dir={profile}",
        ];
        foreach (var argument in common.Concat(extra).Append(page.AbsoluteUri))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return await RunProcessAsync(start, extra);
        }
        finally
        {
            // A throwaway profile per run: nothing carries over between runs or tests.
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }

    private static async Task<Run> RunProcessAsync(ProcessStartInfo start, string[] extra)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {RunTimeout} ({string.Join(' ', extra)})");
        }

        return new Run(process.ExitCode, await stdout.WaitAsync(RunTimeout), await stderr.WaitAsync(RunTimeout));
    }
}
