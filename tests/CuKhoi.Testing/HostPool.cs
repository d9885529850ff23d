using Xunit;

namespace CuKhoi.Testing;

/// <summary>
/// One host per database provider for a test class (an IClassFixture), started on first use
/// and shared by its tests: xunit runs a class's tests one after another, and each makes its
/// own data. A PostgreSQL host is skipped when no server is configured.
/// </summary>
public abstract class HostPool<THost> : IAsyncLifetime
    where THost : IAsyncDisposable
{
    private readonly Dictionary<string, Task<THost>> _hosts = [];
    private readonly Lock _lock = new();

    /// <summary>How long a test waits for its host to start (migrations, sample data).</summary>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(60);

    public Task<THost> GetAsync(string provider)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(provider, out var host))
            {
                host = StartAsync(provider);
                _hosts[provider] = host;
            }

            return host.WaitAsync(StartTimeout);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            if (host.IsCompletedSuccessfully)
            {
                await host.Result.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the host for "sqlite" or "postgres" on a database of its own.</summary>
    protected abstract Task<THost> StartAsync(string provider);
}
