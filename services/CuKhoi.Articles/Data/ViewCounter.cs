namespace CuKhoi.Articles.Data;

/// <summary>
/// Coalesces view counts: an acknowledged view is an increment held in memory, and every
/// `Articles:ViewFlushInterval` (100 ms) the increments are written as one
/// `view_count = view_count + n` per article, in one transaction. A portal page view then
/// costs a primary-key read instead of a write, and many replicas add their own counts
/// without contending. A graceful stop flushes what is pending after the server has stopped
/// taking calls; a crash loses at most the increments of the last interval. A flush that
/// fails keeps its increments for the next one: none is lost, none counted twice.
/// </summary>
public sealed class ViewCounter(ArticleRepository repository, TimeProvider time, IConfiguration configuration, ILogger<ViewCounter> logger)
    : BackgroundService, IHostedLifecycleService
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _interval = configuration.GetValue("Articles:ViewFlushInterval", TimeSpan.FromMilliseconds(100));
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<string, long> _pending = new(StringComparer.Ordinal);

    /// <summary>Counts one view of the article; answers the views of it not yet written (this one included).</summary>
    public long Add(string articleId)
    {
        lock (_gate)
        {
            _pending.TryGetValue(articleId, out var pending);
            _pending[articleId] = ++pending;
            return pending;
        }
    }

    /// <summary>Writes every pending increment; on failure they stay pending for the next flush.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            Dictionary<string, long> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            try
            {
                await repository.AddViewsAsync(batch, ct);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    foreach (var (id, count) in batch)
                    {
                        _pending[id] = _pending.GetValueOrDefault(id) + count;
                    }
                }

                logger.LogWarning(e, "Could not write {Articles} articles' pending views; they stay pending", batch.Count);
                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Logged by FlushAsync; the increments are retried on the next tick.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StoppedAsync writes what is left once the server has drained.
        }
    }

    /// <summary>After every hosted service stopped, the web server included: no view can arrive any more.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => FlushAsync(CancellationToken.None);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
