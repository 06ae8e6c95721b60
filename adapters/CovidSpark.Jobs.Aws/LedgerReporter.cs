using System.Text.Json;
using CovidSpark.Aws;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Ledger;

namespace CovidSpark.Jobs.Aws;

/// <summary>
/// Reports a run to the job ledger (<c>--ledger-table</c>): RUNNING when it starts, then SUCCEEDED / PARTIAL / FAILED with the counts
/// and a short manifest summary for every date of the run. The launcher's tracker does the same from EMR's step events; the ledger's
/// conditional writes make the two agree whatever order they arrive in. While the run works it heartbeats: every third of
/// <see cref="Lease"/> it moves the lease of its RUNNING dates forward, so a run killed without a word (no EMR step to tell) is
/// found abandoned once its lease expires (<c>covidspark reconcile</c> marks it FAILED).
/// </summary>
public sealed class LedgerReporter(IJobLedger ledger, string job, TimeProvider time)
{
    /// <summary>How long the run counts as alive after its last heartbeat.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Marks every date of <paramref name="range"/> RUNNING (the run's <see cref="RunWindow.Bounds"/>).</summary>
    public Task StartedAsync(DateWindow range, CancellationToken ct) =>
        ledger.ReportJobStartedAsync(new JobRunStarted(job, range.First, range.Last, Lease), ct);

    /// <summary>Heartbeats until the returned scope is disposed (at the end of the run). A failed heartbeat is retried at the next beat.</summary>
    public IAsyncDisposable Heartbeat(DateWindow range)
    {
        var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Lease / 3, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    try { await ledger.ReportJobAliveAsync(new JobRunAlive(job, range.First, range.Last, Lease), stop.Token).ConfigureAwait(false); }
                    catch (Exception e) when (e is not OperationCanceledException) { }
                }
            }
            catch (OperationCanceledException) { }
        });
        return new HeartbeatScope(stop, loop);
    }

    private sealed class HeartbeatScope(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
            stop.Dispose();
        }
    }

    /// <summary>
    /// Records the run's outcome for every date of the range its manifest records (<see cref="RunManifest.From"/> ..
    /// <see cref="RunManifest.To"/>, the same value <see cref="StartedAsync"/> was given), with the dates it had no report for.
    /// </summary>
    public Task FinishedAsync(RunManifest manifest, CancellationToken ct)
    {
        if (manifest is not { From: { } from, To: { } to })
            throw new InvalidOperationException($"run {manifest.RunId}: the manifest records no date range to report to the ledger");
        var state = manifest.ExitCode switch
        {
            ExitCodes.Success => JobState.Succeeded,
            ExitCodes.CompletedWithQuarantine => JobState.Partial,
            ExitCodes.Cancelled => JobState.Cancelled,
            _ => JobState.Failed,
        };
        var counts = new JobCounts(manifest.Jobs.Sum(j => j.RowsIn), manifest.Jobs.Sum(j => j.RowsOut), manifest.Jobs.Sum(j => j.RowsQuarantined));
        var fields = new Dictionary<string, string>
        {
            ["run_id"] = manifest.RunId,
            ["engine"] = manifest.Engine,
            ["status"] = manifest.Status,
            ["dates"] = manifest.Dates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seconds"] = manifest.DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // Later dates this run's changes left stale: the notifier turns these into a "refresh them" line with the command.
        if (manifest.DatesToRefresh() is { Count: > 0 } dates)
            (fields["refresh_from"], fields["refresh_to"]) = (dates[0], dates[^1]);
        // Dates of the range with no report: their rows finish with the run, and say the run had nothing for them.
        if (manifest.DatesMissing.Count > 0)
            fields["dates_missing"] = string.Join(", ", manifest.DatesMissing);
        var summary = JsonSerializer.Serialize(fields, LedgerSummaryJson.Default.DictionaryStringString);
        return ledger.ReportJobFinishedAsync(new JobRunFinished(job, from, to, state, counts, summary, manifest.Error), ct);
    }

    public static Uri? Endpoint(string? url) => string.IsNullOrWhiteSpace(url) ? null : new Uri(url);

    /// <summary>
    /// The AWS settings of a run: <c>--region</c> and <c>--endpoint-url</c>, the rest (region and endpoint variables, credentials)
    /// from <paramref name="environment"/> — the process environment unless a caller (a test) hands one over.
    /// </summary>
    public static AwsClientOptions Options(string? region, string? endpoint, Func<string, string?>? environment = null) =>
        environment is null
            ? new() { Region = region, EndpointUrl = Endpoint(endpoint) }
            : new() { Region = region, EndpointUrl = Endpoint(endpoint), Environment = environment, Credentials = EnvironmentCredentials.TryCreate(environment) };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LedgerSummaryJson : System.Text.Json.Serialization.JsonSerializerContext;
