using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults;

/// <summary>
/// Hands start-up's scratch memory back to the system a few seconds after the host is up, so
/// an idle host does not keep what only starting needed: the GC heap start-up grew, and the
/// native memory the JIT used to compile start-up code (articles: about 10 MiB, mostly for the
/// generated CSS tables HtmlSanitizer's AngleSharp builds once). The runtime frees the JIT's
/// cached scratch only seconds after its last use (a trim 4 s after start found it still held,
/// one at 6 s did not), and glibc's allocator then keeps the pages; one aggressive collection
/// and one <c>malloc_trim</c> (glibc only; elsewhere nothing) return both. Later work reuses
/// memory the usual way. Measured in bench/RESULTS.md ("Fourth pass").
/// `StartupMemory:Delay` (default 00:00:06; 0 turns it off) is how long after start.
/// </summary>
internal sealed class StartupMemory(IHostApplicationLifetime lifetime, IConfiguration configuration, TimeProvider time, ILogger<StartupMemory> logger)
    : BackgroundService
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = configuration.GetValue("StartupMemory:Delay", DefaultDelay);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(started.SetResult))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        await Task.Delay(delay, time, stoppingToken);
        var before = Environment.WorkingSet;
        var trimmed = Release();
        logger.LogDebug("Start-up memory released (native heap trimmed: {Trimmed}): working set {Before} -> {After} bytes",
            trimmed, before, Environment.WorkingSet);
    }

    /// <summary>Collects and compacts everything, then trims the native heap; true when glibc's trim ran.</summary>
    internal static bool Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): its allocator returns memory its own way.
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
