using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// Start-up's freed native memory goes back to the system, and the release can be turned off.
/// Alone in its collection: it reads this process's resident memory, which other tests move.
/// </summary>
[Collection(nameof(StartupMemoryTests))]
[CollectionDefinition(nameof(StartupMemoryTests), DisableParallelization = true)]
public class StartupMemoryTests
{
    private const int Chunk = 4096;
    private const int Chunks = 32 * 1024; // 128 MiB

    [SkippableFact]
    public void Native_memory_freed_but_kept_by_the_allocator_is_handed_back()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "malloc_trim is glibc's");
        // Freed chunks below one that stays allocated: glibc keeps their pages (it returns only
        // the top of its heap on its own), exactly like the JIT's scratch under later allocations.
        var ones = Enumerable.Repeat((byte)1, Chunk).ToArray();
        var chunks = new IntPtr[Chunks];
        for (var i = 0; i < Chunks; i++)
        {
            chunks[i] = Marshal.AllocHGlobal(Chunk);
            Marshal.Copy(ones, 0, chunks[i], Chunk);
        }
        var pin = Marshal.AllocHGlobal(Chunk);
        try
        {
            foreach (var chunk in chunks)
            {
                Marshal.FreeHGlobal(chunk);
            }
            var kept = ResidentBytes();

            Assert.True(StartupMemory.Release());

            var released = kept - ResidentBytes();
            Assert.True(released >= 64L * 1024 * 1024, $"only {released / 1024 / 1024} MiB of the 128 MiB freed went back");
        }
        finally
        {
            Marshal.FreeHGlobal(pin);
        }
    }

    [Fact]
    public async Task A_delay_of_zero_turns_the_release_off()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["StartupMemory:Delay"] = "00:00:00" }).Build();
        using var service = new StartupMemory(new NeverStarted(), configuration, new FakeTimeProvider(), NullLogger<StartupMemory>.Instance);

        await service.StartAsync(CancellationToken.None);

        // Without the setting it would wait for ApplicationStarted, which never comes here.
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static long ResidentBytes() =>
        long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;

    private sealed class NeverStarted : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
