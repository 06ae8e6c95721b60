using System.Diagnostics;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;
using CovidSpark.Rehearsal.Hosting;
using CovidSpark.Rehearsal.Timeline;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Rehearsal.Steps;

/// <summary>Where and how the local step runner runs jobs.</summary>
/// <param name="JobsDll">covidspark-jobs.dll.</param>
/// <param name="Lake">Local lake folder replacing an <c>s3://</c> lake.</param>
/// <param name="LogDirectory">Folder for one log file per step (stdout and stderr of the job).</param>
/// <param name="Endpoint">The local cloud.</param>
/// <param name="Region">Its region.</param>
/// <param name="Timeout">Longest a step may run.</param>
public sealed record StepRunnerSettings(string JobsDll, string Lake, string LogDirectory, Uri Endpoint, string Region, TimeSpan Timeout)
{
    /// <summary>The access key the job runs with (the EMR instance role's user when IAM is rehearsed).</summary>
    public string AccessKey { get; init; } = LocalAws.AccessKey;

    /// <summary>Its secret.</summary>
    public string SecretKey { get; init; } = LocalAws.SecretKey;

    /// <summary>Entered while the job process runs and disposed after it (the rehearsal suspends moto's IAM enforcement there).</summary>
    public Func<CancellationToken, Task<IAsyncDisposable>>? JobScope { get; init; }
}

/// <summary>What one step did on the local runner.</summary>
/// <param name="StepId">EMR step id.</param>
/// <param name="Job">Job from the step name.</param>
/// <param name="Range">Dates from the step name.</param>
/// <param name="ExitCode">The job's exit code (-1 when it was stopped at the timeout).</param>
/// <param name="StepState">EMR's final state for it (COMPLETED or FAILED).</param>
/// <param name="LogFile">The job's output.</param>
/// <param name="Tail">The last lines of the job's output when it failed, else null.</param>
public sealed record StepRun(string StepId, string Job, DateRange Range, int ExitCode, string StepState, string LogFile, string? Tail);

/// <summary>
/// Plays EMR for steps the launcher submitted to moto (which accepts steps but never runs them): reads the step's argument array
/// with DescribeStep, runs it as a process on the embedded engine (<see cref="StepCommandLocalizer"/>), and delivers EMR's
/// "Step Status Change" events (RUNNING, then COMPLETED or FAILED) to the <see cref="StepStatusTracker"/>. The job reports to the
/// ledger itself through its <c>--ledger-table</c> option, as it does on EMR. <paramref name="afterEvent"/> runs after each delivered
/// event (the rehearsal drains the ledger's stream there, as the stream would trigger the notifier Lambda).
/// </summary>
public sealed partial class LocalStepRunner(IEmrClient emr, StepStatusTracker tracker, IJobLedger ledger, RehearsalTimeline timeline, StepRunnerSettings settings,
    TimeProvider time, ILogger logger, Func<string, CancellationToken, Task>? afterEvent = null)
{
    /// <summary>Runs one submitted step to its end.</summary>
    /// <exception cref="RehearsalException">The step is not a launcher step of the covidspark-jobs bundle, or its process could not start.</exception>
    public async Task<StepRun> RunAsync(string clusterId, string stepId, CancellationToken ct)
    {
        var step = (await emr.DescribeStepAsync(new DescribeStepRequest(clusterId, stepId), ct).ConfigureAwait(false)).Step;
        if (!StepNames.TryParse(step.Name, out var job, out var range))
            throw new RehearsalException("step", $"step {stepId} '{step.Name}' was not submitted by the launcher");
        var command = StepCommandLocalizer.Localize(step.Config?.Args ?? [], settings.JobsDll, settings.Lake, settings.Endpoint, settings.Region);
        foreach (var note in command.Substitutions) LogSubstitution(logger, stepId, note);

        var log = Path.Combine(settings.LogDirectory, $"{stepId}.log");
        timeline.Add(Actors.Emr, EventKinds.StepRunning,
            $"step {stepId} ({step.Name}) RUNNING: the local runner runs its {command.Arguments.Count - 1} arguments with {Path.GetFileName(settings.JobsDll)} "
            + $"({command.Substitutions.Count} local substitutions: {string.Join("; ", command.Substitutions.Skip(1))}; full command in {Path.GetFileName(log)})",
            job, range.From, StepStates.Running);
        await TrackAsync(clusterId, step, StepStates.Running, null, ct).ConfigureAwait(false);

        var started = time.GetTimestamp();
        int exit;
        await using (settings.JobScope is null ? null : await settings.JobScope(ct).ConfigureAwait(false))
            exit = await RunProcessAsync(command, log, stepId, job, range, ct).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        await RecordReportsAsync(job, range, exit, ct).ConfigureAwait(false);

        var state = StepCommandLocalizer.StepStateFor(exit);
        var why = exit == -1 ? $"stopped after {StepCommandLocalizer.Seconds(settings.Timeout)}" : $"exit code {exit} after {StepCommandLocalizer.Seconds(elapsed)}";
        timeline.Add(Actors.Emr, EventKinds.StepEnded, $"step {stepId} {state} ({why}; log {log})", job, range.From, state);
        await TrackAsync(clusterId, step, state, state == StepStates.Completed ? null : $"Step failed: {why}", ct).ConfigureAwait(false);
        LogStepDone(logger, stepId, state, exit);
        var tail = exit == 0 ? null : string.Join(" | ", File.ReadLines(log).Where(l => l.Length > 0 && !l.StartsWith('#')).TakeLast(3));
        return new StepRun(stepId, job, range, exit, state, log, tail);
    }

    private async Task<int> RunProcessAsync(LocalStepCommand command, string log, string stepId, string job, DateRange range, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = settings.LogDirectory,
        };
        foreach (var a in command.Arguments) psi.ArgumentList.Add(a);
        psi.Environment["AWS_ACCESS_KEY_ID"] = settings.AccessKey;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = settings.SecretKey;
        psi.Environment.Remove("AWS_SESSION_TOKEN");
        psi.Environment.Remove("AWS_PROFILE");
        psi.Environment["AWS_REGION"] = settings.Region;
        psi.Environment["AWS_ENDPOINT_URL"] = settings.Endpoint.ToString().TrimEnd('/');

        await using var writer = new StreamWriter(log, append: false) { AutoFlush = true };
        await writer.WriteLineAsync($"# step {stepId}: {command.Display}").ConfigureAwait(false);
        foreach (var note in command.Substitutions) await writer.WriteLineAsync($"# local substitution: {note}").ConfigureAwait(false);
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is null) return;
            lock (gate) writer.WriteLine(line);
        }
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        try
        {
            if (!process.Start()) throw new RehearsalException("step", $"step {stepId}: {command.FileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RehearsalException("step", $"step {stepId}: {command.FileName} could not be started: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        timeline.Add(Actors.Job, EventKinds.JobStarted, $"{job} {range} started (pid {process.Id}) on the embedded engine", job, range.From);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            return -1;
        }
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    private async Task RecordReportsAsync(string job, DateRange range, int exit, CancellationToken ct)
    {
        var keys = range.Dates().Select(d => new JobKey(job, d)).ToList();
        var records = await ledger.GetManyAsync(keys, ct).ConfigureAwait(false);
        foreach (var key in keys)
        {
            if (records.GetValueOrDefault(key) is not { } r)
            {
                timeline.Add(Actors.Job, EventKinds.JobReported, $"{job} {LedgerFormats.FormatDate(key.DataDate)}: no ledger item after the job (exit {exit})", job, key.DataDate);
                continue;
            }
            var counts = r.Counts is { } c ? $": rows in {c.RowsIn}, out {c.RowsOut}, quarantined {c.RowsQuarantined}" : "";
            var text = r.State.IsTerminal()
                ? $"{job} {LedgerFormats.FormatDate(key.DataDate)} reported RUNNING, then {r.State.ToWire()}{counts}"
                : $"{job} {LedgerFormats.FormatDate(key.DataDate)} did not report an end: the ledger says {r.State.ToWire()} (exit {exit})";
            timeline.Add(Actors.Job, EventKinds.JobReported, text, job, key.DataDate, r.State.ToWire());
        }
    }

    private async Task TrackAsync(string clusterId, StepSummary step, string state, string? message, CancellationToken ct)
    {
        var result = await tracker.TrackAsync(new StepStatusChange(clusterId, step.Id, step.Name, state, message, time.GetUtcNow()), ct).ConfigureAwait(false);
        if (result.Ignored is { } ignored)
            timeline.Add(Actors.Tracker, EventKinds.Tracked, $"EMR Step Status Change {state} for {step.Id}: ignored ({ignored})", state: state);
        foreach (var r in result.Results)
        {
            var text = r.Changed
                ? $"EMR Step Status Change {state} -> {r.Key.Job} {LedgerFormats.FormatDate(r.Key.DataDate)} {r.Record?.State.ToWire()}"
                : $"EMR Step Status Change {state} -> {r.Key.Job} {LedgerFormats.FormatDate(r.Key.DataDate)} unchanged ({r.Reason ?? r.Outcome.ToString()}; ledger {r.Record?.State.ToWire() ?? "-"})";
            timeline.Add(Actors.Tracker, EventKinds.Tracked, text, r.Key.Job, r.Key.DataDate, r.Changed ? r.Record?.State.ToWire() : null);
        }
        if (afterEvent is not null) await afterEvent($"after step {step.Id} {state}", ct).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Step {StepId} local substitution: {Substitution}")]
    private static partial void LogSubstitution(ILogger logger, string stepId, string substitution);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Step {StepId} ended {State} (exit code {ExitCode})")]
    private static partial void LogStepDone(ILogger logger, string stepId, string state, int exitCode);
}
