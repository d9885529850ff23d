using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>One table kept for a bounded time: rows older than <see cref="Keep"/> are deleted by <see cref="Retention"/>.</summary>
/// <param name="Name">For logs, e.g. "idempotency keys".</param>
/// <param name="Setting">The configuration key that sets <see cref="Keep"/>, e.g. `Idempotency:Retention`.</param>
/// <param name="DeleteSql">Deletes the rows older than `@cutoff` (UTC microseconds).</param>
public sealed record RetentionRule(string Name, string Setting, TimeSpan Keep, string DeleteSql);

/// <summary>
/// Purges what is kept for a bounded time, in the background: once shortly after start and
/// then every `Retention:Interval` (1 hour). A purge that fails is logged and tried again at
/// the next interval; it never stops the host.
/// </summary>
public sealed class Retention(Db db, IEnumerable<RetentionRule> rules, TimeProvider time, IConfiguration configuration, ILogger<Retention> logger) : BackgroundService
{
    private readonly TimeSpan _interval = configuration.GetValue("Retention:Interval", TimeSpan.FromHours(1));

    /// <summary>Deletes, for every rule, the rows older than its time; answers how many went.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var deleted = 0;
        foreach (var rule in rules)
        {
            var cutoff = Clock.ToMicros(time.GetUtcNow() - rule.Keep);
            var count = await db.ExecuteAsync(rule.DeleteSql, new { cutoff }, ct);
            if (count > 0)
            {
                logger.LogInformation("Purged {Count} {Rule} older than {Keep}", count, rule.Name, rule.Keep);
            }

            deleted += count;
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Retention purge failed; trying again in {Interval}", _interval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
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
}

public static class RetentionExtensions
{
    /// <summary>Keeps a table's rows for `setting` (default <paramref name="keep"/>, at least <paramref name="minimum"/>).</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration, string name, string setting, TimeSpan keep, TimeSpan minimum, string deleteSql)
    {
        var configured = configuration.GetValue(setting, keep);
        if (configured < minimum)
        {
            throw new InvalidOperationException($"{setting} is {configured}; it must be at least {minimum}.");
        }

        services.AddSingleton(new RetentionRule(name, setting, configured, deleteSql));
        return services;
    }
}
