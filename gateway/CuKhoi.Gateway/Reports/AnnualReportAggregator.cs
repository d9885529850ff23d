using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// Asks the three services for their per-year statistics at once (each computes its figures
/// in SQL; nothing is paged through here). Every call runs under one budget,
/// `Reports:Timeout`, tightened by the caller's deadline; a service that fails or is still
/// silent when the budget runs out is reported as unavailable instead of failing the report.
/// </summary>
public sealed class AnnualReportAggregator(
    DownstreamClient<ArticleService.ArticleServiceClient> articles,
    DownstreamClient<DvkModelService.DvkModelServiceClient> dvkModels,
    DownstreamClient<ContestService.ContestServiceClient> contests,
    IOptions<ReportOptions> options,
    TimeProvider timeProvider,
    ILogger<AnnualReportAggregator> logger)
{
    public async Task<AnnualFigures> GetAsync(int year, DateTime? callerDeadline, CancellationToken cancellationToken)
    {
        ReportYear.Validate(year);
        var budget = options.Value.Timeout;

        // The deadline bounds each gRPC call (gRPC compares it with the system clock); the
        // token also ends a retry that is waiting between attempts.
        var deadline = DateTime.UtcNow + budget;
        if (callerDeadline is { } caller && caller < deadline)
        {
            deadline = caller;
        }

        using var timeout = new CancellationTokenSource(budget, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        var articleStats = TryAsync(ReportSources.Articles, year, cancellationToken, () => articles.CallAsync(
            (client, call) => client.GetArticleStatisticsAsync(new GetArticleStatisticsRequest { Year = year }, call),
            isRead: true, callerDeadline: deadline, cancellationToken: linked.Token));
        var dvkStats = TryAsync(ReportSources.DvkModels, year, cancellationToken, () => dvkModels.CallAsync(
            (client, call) => client.GetDvkStatisticsAsync(new GetDvkStatisticsRequest { Year = year }, call),
            isRead: true, callerDeadline: deadline, cancellationToken: linked.Token));
        var contestStats = TryAsync(ReportSources.Contests, year, cancellationToken, () => contests.CallAsync(
            (client, call) => client.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = year }, call),
            isRead: true, callerDeadline: deadline, cancellationToken: linked.Token));

        await Task.WhenAll(articleStats, dvkStats, contestStats);
        return new AnnualFigures(year, timeProvider.GetUtcNow(), await articleStats, await dvkStats, await contestStats);
    }

    /// <summary>The service's answer, or null when it failed or ran out of time. The caller giving up still cancels.</summary>
    private async Task<T?> TryAsync<T>(string source, int year, CancellationToken callerToken, Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (!callerToken.IsCancellationRequested)
        {
            logger.LogWarning("Annual report {Year}: {Source} answered {StatusCode}; its figures are left out", year, source, e.StatusCode);
            return null;
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            logger.LogWarning("Annual report {Year}: {Source} did not answer in time; its figures are left out", year, source);
            return null;
        }
    }
}
