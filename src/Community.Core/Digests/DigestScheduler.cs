using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Community.Core.Digests;

public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Off on all but one server if several share a database (the unique delivery rows keep it correct either way, but each would compose).</summary>
    public bool SchedulerEnabled { get; set; } = true;
    [Range(5, 3600)]
    public int IntervalSeconds { get; set; } = 60;
    [Range(1, 10000)]
    public int BatchSize { get; set; } = DigestService.DefaultBatchSize;
}

/// <summary>
/// Composes and queues due digests in the web app. Slots are whole hours, so a full look for due users runs when the
/// Amsterdam hour changes, at start, and again after a look that found work or failed; the other ticks cost nothing.
/// </summary>
public sealed class DigestScheduler(IServiceScopeFactory scopes, IOptions<DigestOptions> options, TimeProvider clock, ILogger<DigestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled) return;
        DateTimeOffset? lastQuietHour = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), clock);
        do
        {
            var now = clock.GetUtcNow();
            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            if (lastQuietHour == hour) continue;
            try
            {
                using var scope = scopes.CreateScope();
                var digests = scope.ServiceProvider.GetRequiredService<DigestService>();
                var due = await digests.FindDueAsync(now, stoppingToken);
                if (due.Count == 0)
                {
                    lastQuietHour = hour;
                    continue;
                }
                var result = await digests.RunAsync(due, now, options.Value.BatchSize, ct: stoppingToken);
                logger.LogInformation("Digests: {Queued} queued, {Empty} empty, {Done} already done", result.Queued, result.Empty, result.AlreadyDone);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next tick tries again; what was committed stays committed and is not composed twice.
                logger.LogError(e, "Composing digests failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
