using System.Text.Json;
using CovidSpark.Functions.Hosting;
using CovidSpark.Lambda.Events;
using CovidSpark.Lambda.Runtime;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Reporting;

namespace CovidSpark.Functions.Handlers;

/// <summary>
/// The launcher Lambda: an EventBridge <c>Scheduled Event</c> launches the scheduled jobs for yesterday (UTC, from the event
/// time, never a re-run); a direct invoke with a <see cref="BackfillPayload"/> launches a range, and with <c>"rerun":true</c>
/// also resubmits dates that already completed. Returns the launch report as JSON.
/// </summary>
public sealed class LauncherFunction : IInvocationHandler
{
    private readonly FunctionServices _services;

    /// <summary>Loads and validates emr-config.json now, so a bad configuration fails the function's init (not each invocation).</summary>
    /// <exception cref="Launcher.Config.EmrConfigException">The configuration is missing or invalid.</exception>
    public LauncherFunction(FunctionServices services)
    {
        _services = services;
        _ = services.Config;
    }

    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var config = _services.Config;
        var ledger = _services.Ledger;
        var launcher = new LaunchService(config, _services.Emr, ledger, _services.Time, null, _services.Loggers, _services.ClusterLock(ledger.TableName));
        var request = EventSniffer.Kind(invocation.Payload) switch
        {
            EventKind.Scheduled => LaunchRequest.ForSchedule(config,
                EventSniffer.Read(invocation.Payload, LambdaEventJsonContext.Default.EventBridgeEventScheduledEventDetail).Time ?? _services.Time.GetUtcNow()),
            EventKind.Backfill => Backfill(EventSniffer.Read(invocation.Payload, LambdaEventJsonContext.Default.BackfillPayload), config, launcher.LatestDate),
            var other => throw new InvalidEventException(
                $"the launcher accepts an EventBridge '{DetailTypes.Scheduled}' or a backfill payload {{\"from\":\"yyyy-MM-dd\",\"to\":\"yyyy-MM-dd\",\"rerun\":false}}, not {other}"),
        };
        var report = await launcher.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(LaunchDocument.Of(report), ReportJsonContext.Default.LaunchDocument);
    }

    private static LaunchRequest Backfill(BackfillPayload payload, Launcher.Config.LauncherConfig config, DateOnly latest)
    {
        var range = DateRange.Parse(payload.From, payload.To, config.Backfill.MaxRangeDays, latest);
        if (payload.ChunkDays is < 1 or > 366)
            throw new InvalidEventException($"chunkDays {payload.ChunkDays} is outside 1..366");
        var jobs = payload.Jobs is { Count: > 0 } j ? j : config.ScheduledJobs;
        return new LaunchRequest(jobs, range, payload.DryRun, payload.ChunkDays, Trigger: "backfill", Rerun: payload.Rerun ?? false);
    }
}
