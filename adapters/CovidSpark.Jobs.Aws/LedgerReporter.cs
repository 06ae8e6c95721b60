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
/// <para>
/// Every report carries the run's token, so it touches only the attempt the run owns. An EMR step's job is given its launcher's
/// submit token (<paramref name="stepToken"/>, <c>--ledger-token</c>) and moves the attempt its step was claimed with. Without one the
/// run is a manual run: it records an attempt of its own, and is refused — before any work — on a date an EMR step or another
/// live run holds (<see cref="LedgerRunRefusedException"/>).
/// </para>
/// </summary>
public sealed class LedgerReporter(IJobLedger ledger, string job, TimeProvider time, string? stepToken = null)
{
    /// <summary>How long the run counts as alive after its last heartbeat.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>The token of the attempt this run owns: its step's submit token, or one of its own for a manual run.</summary>
    public string RunToken { get; } = stepToken ?? RunTokens.New();

    private bool Manual => stepToken is null;

    /// <summary>Records the dates of <paramref name="range"/> (the run's <see cref="RunWindow.Bounds"/>) as RUNNING (see the class remarks for which attempt).</summary>
    /// <exception cref="LedgerRunRefusedException">A manual run asked for dates an EMR step or another live run holds.</exception>
    public async Task StartedAsync(DateWindow range, CancellationToken ct)
    {
        var (from, to) = (range.First, range.Last);
        if (Manual)
        {
            // Refuse before writing anything when the ledger already says a date is held (a race is caught by the writes below).
            var keys = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(d => new JobKey(job, from.AddDays(d))).ToList();
            var current = await ledger.GetManyAsync(keys, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var held = current.Values.Where(r => r.IsHeld(now)).ToList();
            if (held.Count > 0) throw new LedgerRunRefusedException(ledger.TableName, held.Select(r => r.HolderDescription()).ToList());
        }
        var results = await ledger.ReportJobStartedAsync(new JobRunStarted(job, from, to, Lease, RunToken, Manual), ct).ConfigureAwait(false);
        var refused = results.Where(r => r.Outcome == TransitionOutcome.RefusedActive).ToList();
        if (refused.Count == 0) return;
        // Lost a race: give back the dates this run took, so nothing stays RUNNING for a run that will not happen.
        var taken = results.Where(r => r.Changed).Select(r => r.Key.DataDate).ToList();
        foreach (var date in taken)
            await ledger.ReportJobFinishedAsync(new JobRunFinished(job, date, date, JobState.Cancelled, Message: "not run: other dates of the run were held by another run",
                RunToken: RunToken), CancellationToken.None).ConfigureAwait(false);
        throw new LedgerRunRefusedException(ledger.TableName, refused.Select(r => r.Reason ?? r.Key.PartitionKey).ToList());
    }

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
                    try { await ledger.ReportJobAliveAsync(new JobRunAlive(job, range.First, range.Last, Lease, RunToken), stop.Token).ConfigureAwait(false); }
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
        return ledger.ReportJobFinishedAsync(new JobRunFinished(job, from, to, state, counts, summary, manifest.Error, RunToken), ct);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LedgerSummaryJson : System.Text.Json.Serialization.JsonSerializerContext;
