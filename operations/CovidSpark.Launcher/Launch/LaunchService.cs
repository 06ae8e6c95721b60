using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Clusters;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Launcher.Launch;

/// <summary>
/// Launches jobs for a date or a range: reads the ledger, skips what is done or running (with <see cref="LaunchRequest.Rerun"/>,
/// only what is running), claims each remaining date in the ledger (conditional write) <em>before</em> submitting, finds or
/// creates the cluster, submits few steps (chunked ranges) within EMR's active-step limit, and records the step ids. Safe under
/// concurrent launches: a date is submitted once.
/// </summary>
public sealed partial class LaunchService
{
    private readonly LauncherConfig _config;
    private readonly IEmrClient _emr;
    private readonly IJobLedger _ledger;
    private readonly TimeProvider _time;
    private readonly LauncherOptions _options;
    private readonly ClusterLocator _clusters;
    private readonly ILogger _logger;
    private readonly IClusterLock? _clusterLock;

    /// <param name="config">Validated emr-config.json.</param>
    /// <param name="emr">EMR client.</param>
    /// <param name="ledger">Job ledger.</param>
    /// <param name="time">Clock.</param>
    /// <param name="options">Claim grace and batch size.</param>
    /// <param name="loggers">Logger factory.</param>
    /// <param name="clusterLock">When given, only one of several concurrent launches creates a missing cluster; the others use it.</param>
    public LaunchService(LauncherConfig config, IEmrClient emr, IJobLedger ledger, TimeProvider time, LauncherOptions? options = null, ILoggerFactory? loggers = null,
        IClusterLock? clusterLock = null)
    {
        _clusterLock = clusterLock;
        _config = config;
        _emr = emr;
        _ledger = ledger;
        _time = time;
        _options = options ?? LauncherOptions.Default;
        _clusters = new ClusterLocator(emr, loggers?.CreateLogger<ClusterLocator>());
        _logger = loggers?.CreateLogger<LaunchService>() ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The latest data date a launch accepts: yesterday (UTC).</summary>
    public DateOnly LatestDate => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).AddDays(-1);

    /// <summary>Launches (or, with <see cref="LaunchRequest.DryRun"/>, plans) the request and reports what it did.</summary>
    /// <exception cref="UnknownJobException">A job is not in emr-config.json.</exception>
    /// <exception cref="InvalidDateRangeException">The range is reversed, too long or in the future.</exception>
    /// <exception cref="AwsException">EMR could not be queried (submission failures are reported, not thrown).</exception>
    public async Task<LaunchReport> LaunchAsync(LaunchRequest request, CancellationToken ct = default)
    {
        if (request.Jobs.Count == 0) throw new ArgumentException("no job to launch", nameof(request));
        var templates = request.Jobs.Distinct(StringComparer.Ordinal).Select(_config.Job).ToList();
        DateRange.Check(request.Range.From, request.Range.To, _config.Backfill.MaxRangeDays, LatestDate);
        LogLaunch(_logger, request.Trigger, string.Join(",", request.Jobs), request.Range.ToString(), request.DryRun);

        var skipped = new List<SkippedDate>();
        var candidates = new List<Candidate>();
        var steps = new Dictionary<string, StepSummary?>(StringComparer.Ordinal);
        var keys = templates.SelectMany(t => request.Range.Dates().Where(d => request.OnlyDates?.Contains(d) ?? true).Select(d => new JobKey(t.Job, d))).ToList();
        var records = await _ledger.GetManyAsync(keys, ct).ConfigureAwait(false);
        var finder = new SubmittedStepFinder(_emr);
        foreach (var key in keys)
        {
            var verdict = await AssessAsync(key, records.GetValueOrDefault(key), request, steps, finder, ct).ConfigureAwait(false);
            if (verdict.Skip is { } skip) skipped.Add(skip);
            else candidates.Add(verdict.Candidate!);
        }

        var report = new LaunchReport { DryRun = request.DryRun, Jobs = request.Jobs, Range = request.Range, Skipped = skipped, Rerun = request.Rerun };
        if (candidates.Count == 0) return report;
        var completed = candidates.Count(c => c.LastRead?.State.IsCompleted() == true);
        if (completed > 0) LogRerun(_logger, completed, string.Join(",", request.Jobs), request.Range.ToString(), request.DryRun);

        ActiveCluster? cluster = null;
        var active = 0;
        if (_config.Cluster.Mode == ClusterMode.Reuse)
        {
            cluster = await _clusters.FindActiveAsync(_config.Cluster, ct).ConfigureAwait(false);
            if (cluster is not null) active = await _clusters.CountActiveStepsAsync(cluster.Id, ct).ConfigureAwait(false);
        }
        var budget = Math.Max(0, _config.Backfill.MaxActiveSteps - active);
        var chunkDays = request.ChunkDays ?? _config.Backfill.ChunkDays;
        var chunks = templates
            .SelectMany(t => ChunkPlanner.Plan(candidates.Where(c => c.Key.Job == t.Job).Select(c => c.Key.DataDate), chunkDays).Select(r => (Template: t, Range: r)))
            .ToList();
        var deferred = chunks.Skip(budget)
            .Select(c => new DeferredChunk(c.Template.Job, c.Range, $"cluster has {active} active step(s); the limit is {_config.Backfill.MaxActiveSteps}"))
            .ToList();
        report = report with { ActiveStepsBefore = active, StepBudget = budget, Deferred = deferred, ClusterId = cluster?.Id };

        var byKey = candidates.ToDictionary(c => c.Key);
        if (request.DryRun)
        {
            return WithReruns(report with
            {
                Cluster = cluster is null ? ClusterAction.WouldCreate : ClusterAction.WouldReuse,
                Steps = chunks.Take(budget).Select(c => new PlannedStep(c.Template.Job, c.Range, null, Render(c.Template, c.Range).HadoopJarStep.Args ?? [],
                    c.Range.Dates().ToDictionary(d => d, d => byKey[new JobKey(c.Template.Job, d)].NextAttempt))).ToList(),
            }, byKey);
        }

        var claimed = await ClaimAsync(chunks.Take(budget), byKey, skipped, request.Rerun, cluster?.Id, ct).ConfigureAwait(false);
        if (claimed.Count > 0) _options.Faults?.Reached(SubmitPoint.Claimed);
        var overBudget = claimed.Skip(budget).ToList();
        foreach (var extra in overBudget)
        {
            deferred.Add(new DeferredChunk(extra.Template.Job, extra.Range, "split by a concurrent launch; over the active-step budget"));
            foreach (var claim in extra.Claims) await _ledger.AbandonClaimAsync(claim, "not submitted: active-step limit reached; retry the launch", ct).ConfigureAwait(false);
        }
        claimed = claimed.Take(budget).ToList();
        report = report with { Skipped = skipped, Deferred = deferred };
        if (claimed.Count == 0) return report;

        return WithReruns(await SubmitAsync(report, cluster, claimed, ct).ConfigureAwait(false), byKey);
    }

    /// <summary>Names the dates of the report's steps whose item had completed when read: those are re-run.</summary>
    private static LaunchReport WithReruns(LaunchReport report, Dictionary<JobKey, Candidate> byKey) => report with
    {
        Reruns = report.Steps
            .SelectMany(s => s.Range.Dates().Select(d => byKey.GetValueOrDefault(new JobKey(s.Job, d))?.LastRead))
            .OfType<JobRecord>()
            .Where(r => r.State.IsCompleted())
            .Select(r => new RerunDate(r.Key.Job, r.Key.DataDate, r.State, r.Attempt))
            .ToList(),
    };

    private async Task<LaunchReport> SubmitAsync(LaunchReport report, ActiveCluster? cluster, List<ClaimedChunk> claimed, CancellationToken ct)
    {
        var submitted = new List<PlannedStep>();
        var failures = new List<FailedSubmission>();
        var action = ClusterAction.Reused;
        var stepConfigs = claimed.Select(c => Render(c.Template, c.Range, c.Token)).ToList();
        try
        {
            if (_config.Cluster.Mode == ClusterMode.Transient)
            {
                cluster = await _clusters.CreateAsync(_config.Cluster, stepConfigs, ct).ConfigureAwait(false);
                action = ClusterAction.Created;
                _options.Faults?.Reached(SubmitPoint.ClusterReady);
                _options.Faults?.Reached(SubmitPoint.StepsSubmitted);
                var ids = (await _emr.ListAllStepsAsync(cluster.Id, null, ct).ConfigureAwait(false)).ToDictionary(s => s.Name, s => s.Id, StringComparer.Ordinal);
                for (var i = 0; i < claimed.Count; i++)
                    submitted.Add(await AttachAsync(claimed[i], stepConfigs[i], cluster.Id, ids.GetValueOrDefault(stepConfigs[i].Name), ct).ConfigureAwait(false));
                // A transient cluster's steps are all recorded once the first is: the point is reached after the loop.
                _options.Faults?.Reached(SubmitPoint.FirstStepRecorded);
                return report with { ClusterId = cluster.Id, Cluster = action, Steps = submitted };
            }
            if (cluster is null)
            {
                (cluster, var created) = await EnsureClusterAsync(ct).ConfigureAwait(false);
                action = created ? ClusterAction.Created : ClusterAction.Reused;
            }
            _options.Faults?.Reached(SubmitPoint.ClusterReady);
        }
        catch (AwsException e)
        {
            await AbandonAsync(claimed, $"cluster could not be started: {e.Message}", ct).ConfigureAwait(false);
            failures.AddRange(claimed.Select(c => new FailedSubmission(c.Template.Job, c.Range, e.Message)));
            return report with { Failures = failures };
        }

        for (var start = 0; start < claimed.Count; start += _options.MaxStepsPerCall)
        {
            var batch = claimed.Skip(start).Take(_options.MaxStepsPerCall).ToList();
            var configs = stepConfigs.Skip(start).Take(_options.MaxStepsPerCall).ToList();
            AddJobFlowStepsResponse response;
            try
            {
                response = await _emr.AddJobFlowStepsAsync(new AddJobFlowStepsRequest(cluster.Id, configs), ct).ConfigureAwait(false);
            }
            catch (AwsException e)
            {
                LogSubmitFailed(_logger, cluster.Id, batch.Count, e.Message);
                // The call may have been carried out although its answer was lost: steps carrying a chunk's token are recorded, not lost.
                var found = await FindSubmittedAsync(cluster.Id, configs, ct).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (found.GetValueOrDefault(configs[i].Name) is { } stepId)
                    {
                        submitted.Add(await AttachAsync(batch[i], configs[i], cluster.Id, stepId, ct).ConfigureAwait(false));
                        continue;
                    }
                    await AbandonAsync([batch[i]], $"AddJobFlowSteps failed: {e.Message}", ct).ConfigureAwait(false);
                    failures.Add(new FailedSubmission(batch[i].Template.Job, batch[i].Range, e.Message));
                }
                continue;
            }
            _options.Faults?.Reached(SubmitPoint.StepsSubmitted);
            for (var i = 0; i < batch.Count; i++)
            {
                submitted.Add(await AttachAsync(batch[i], configs[i], cluster.Id, i < response.StepIds.Count ? response.StepIds[i] : null, ct).ConfigureAwait(false));
                if (start == 0 && i == 0) _options.Faults?.Reached(SubmitPoint.FirstStepRecorded);
            }
        }
        return report with { ClusterId = cluster.Id, Cluster = action, Steps = submitted, Failures = failures };
    }

    /// <summary>Step ids by name of the given steps found on the cluster (names carry the submit token, so they are unique).</summary>
    private async Task<Dictionary<string, string>> FindSubmittedAsync(string clusterId, List<StepConfig> configs, CancellationToken ct)
    {
        var names = configs.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        try
        {
            return (await _emr.ListAllStepsAsync(clusterId, null, ct).ConfigureAwait(false))
                .Where(s => names.Contains(s.Name)).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Last().Id, StringComparer.Ordinal);
        }
        catch (AwsException)
        {
            return [];
        }
    }

    /// <summary>Creates the cluster, or — when another launch holds the creation lease — waits for the cluster it creates.</summary>
    private async Task<(ActiveCluster Cluster, bool Created)> EnsureClusterAsync(CancellationToken ct)
    {
        var name = _config.Cluster.Name;
        if (_clusterLock is null) return (await _clusters.CreateAsync(_config.Cluster, null, ct).ConfigureAwait(false), true);
        var owner = Guid.NewGuid().ToString("N");
        var lease = await _clusterLock.AcquireAsync(name, owner, _options.ClusterLeaseTtl, ct).ConfigureAwait(false);
        if (!lease.Acquired)
        {
            var polls = (int)Math.Ceiling(_options.ClusterLeaseWait / _options.ClusterLeasePoll);
            for (var i = 0; i < polls; i++)
            {
                if (lease?.ClusterId is { } id) return (new ActiveCluster(id, name, ClusterStates.Starting), false);
                if (await _clusters.FindActiveAsync(_config.Cluster, ct).ConfigureAwait(false) is { } found) return (found, false);
                await Task.Delay(_options.ClusterLeasePoll, _time, ct).ConfigureAwait(false);
                lease = await _clusterLock.ReadAsync(name, ct).ConfigureAwait(false);
                if (lease is null) break;
            }
            lease = await _clusterLock.AcquireAsync(name, owner, _options.ClusterLeaseTtl, ct).ConfigureAwait(false);
            if (!lease.Acquired && lease.ClusterId is { } late) return (new ActiveCluster(late, name, ClusterStates.Starting), false);
        }
        var cluster = await _clusters.CreateAsync(_config.Cluster, null, ct).ConfigureAwait(false);
        await _clusterLock.RecordClusterAsync(name, owner, cluster.Id, ct).ConfigureAwait(false);
        return (cluster, true);
    }

    private async Task<PlannedStep> AttachAsync(ClaimedChunk chunk, StepConfig config, string clusterId, string? stepId, CancellationToken ct)
    {
        if (stepId is null)
            throw new InvalidOperationException($"EMR did not return a step id for {config.Name} on {clusterId}");
        var logUri = LogUriOf(clusterId, stepId);
        foreach (var claim in chunk.Claims)
        {
            try
            {
                await _ledger.AttachStepAsync(claim, clusterId, stepId, logUri, ct).ConfigureAwait(false);
            }
            catch (StaleTransitionException e)
            {
                // The tracker may already have moved the item (fast step); the step is submitted either way.
                LogAttachSkipped(_logger, claim.Key.PartitionKey, stepId, e.Message);
            }
        }
        LogSubmitted(_logger, stepId, clusterId, chunk.Template.Job, chunk.Range.ToString());
        return new PlannedStep(chunk.Template.Job, chunk.Range, stepId, config.HadoopJarStep.Args ?? [], chunk.Claims.ToDictionary(c => c.Key.DataDate, c => c.Attempt));
    }

    private async Task<List<ClaimedChunk>> ClaimAsync(IEnumerable<(StepTemplate Template, DateRange Range)> chunks, Dictionary<JobKey, Candidate> byKey, List<SkippedDate> skipped,
        bool rerun, string? clusterId, CancellationToken ct)
    {
        var claimed = new List<ClaimedChunk>();
        foreach (var (template, range) in chunks)
        {
            // Recorded on every date before anything is submitted; the step's name carries it (a split chunk's steps share it,
            // their ranges tell them apart).
            var token = StepNames.NewToken();
            var records = new List<JobRecord>();
            foreach (var date in range.Dates())
            {
                var key = new JobKey(template.Job, date);
                try
                {
                    var candidate = byKey[key];
                    records.Add(await _ledger.ClaimAsync(new JobClaim(key, range.From, range.To, clusterId, candidate.ReplaceVersion, rerun, token), candidate.LastRead, ct).ConfigureAwait(false));
                }
                catch (JobAlreadyActiveException e)
                {
                    skipped.Add(new SkippedDate(template.Job, date, e.Current.State, $"claimed concurrently by another launch (attempt {e.Current.Attempt})"));
                }
                catch (JobAlreadyCompletedException e)
                {
                    skipped.Add(new SkippedDate(template.Job, date, e.Current.State, "completed concurrently"));
                }
                catch (StaleTransitionException e)
                {
                    skipped.Add(new SkippedDate(template.Job, date, null, e.Message));
                }
            }
            // A concurrent launch may have taken dates in the middle: submit the contiguous runs that remain, narrowing each claim's range.
            foreach (var run in ChunkPlanner.Plan(records.Select(r => r.Key.DataDate), int.MaxValue))
                claimed.Add(new ClaimedChunk(template, run, records.Where(r => r.Key.DataDate >= run.From && r.Key.DataDate <= run.To).ToList(), token));
        }
        return claimed;
    }

    private async Task<Verdict> AssessAsync(JobKey key, JobRecord? record, LaunchRequest request, Dictionary<string, StepSummary?> steps, SubmittedStepFinder finder,
        CancellationToken ct)
    {
        var dryRun = request.DryRun;
        if (record is null) return Verdict.Launch(key, null, null, 1);
        if (record.State.IsResubmittable() || (request.Rerun && record.State.IsCompleted())) return Verdict.Launch(key, record, null, record.Attempt + 1);
        if (!record.State.IsActive())
            return Verdict.Skipped(key, record.State, $"already {record.State.ToWire()} (attempt {record.Attempt})");

        // A launcher that died after AddJobFlowSteps left the claim without a step id: find the step by the claim's token and
        // adopt it instead of submitting the date again. Within the grace the claiming launcher may still be at work.
        var abandoned = record.StepId is null && _time.GetUtcNow() > _options.ClaimExpiry(record);
        if (abandoned && await finder.FindAsync(record, null, ct).ConfigureAwait(false) is { } found)
        {
            steps[found.Step.Id] = found.Step;
            if (!dryRun)
            {
                var adopted = await _ledger.AdoptStepAsync(record, found.ClusterId, found.Step.Id, LogUriOf(found.ClusterId, found.Step.Id), ct).ConfigureAwait(false);
                LogAdopted(_logger, key.PartitionKey, found.Step.Id, found.ClusterId, adopted.Outcome.ToString());
                if (adopted.Record is { } now && now.StepId == found.Step.Id) record = now;
                else return Verdict.Skipped(key, adopted.Record?.State ?? record.State, $"step {found.Step.Id} carries its token but was not adopted ({adopted.Reason})");
            }
            else
            {
                record = record with { StepId = found.Step.Id, ClusterId = found.ClusterId };
            }
        }

        if (record.StepId is { } stepId && record.ClusterId is { } clusterId)
        {
            if (!steps.TryGetValue(stepId, out var step))
            {
                try { step = (await _emr.DescribeStepAsync(new DescribeStepRequest(clusterId, stepId), ct).ConfigureAwait(false)).Step; }
                catch (AwsServiceException e) when (!e.IsTransient) { step = null; LogStepUnknown(_logger, stepId, clusterId, e.ErrorCode); }
                steps[stepId] = step;
            }
            if (step is null) return Verdict.Launch(key, record, record.Version, record.Attempt + 1);
            if (StepStates.IsActive(step.Status.State))
                return Verdict.Skipped(key, record.State, $"already {record.State.ToWire()}: step {stepId} is {step.Status.State} on {clusterId}");
            var target = StepStateMapping.ToJobState(step.Status.State) ?? JobState.Failed;
            if (dryRun)
                return target.IsResubmittable()
                    ? Verdict.Launch(key, record, record.Version, record.Attempt + 1)
                    : Verdict.Skipped(key, record.State, $"step {stepId} is {step.Status.State}; the ledger lags (run reconcile)");
            var reconciled = await _ledger.ApplyStepTransitionAsync(new StepTransition(key, stepId, target, step.Status.Timeline?.EndDateTime,
                $"reconciled by the launcher: step {stepId} is {step.Status.State}"), ct).ConfigureAwait(false);
            var now = reconciled.Record ?? record;
            // An item that was active when read is never re-run by this launch, even if its step turns out to have completed.
            return now.State.IsResubmittable()
                ? Verdict.Launch(key, now, null, now.Attempt + 1)
                : Verdict.Skipped(key, now.State, $"already {now.State.ToWire()} (step {stepId} is {step.Status.State}){(request.Rerun ? "; it was active, so not re-run: launch again to re-run it" : "")}");
        }
        if (record.State == JobState.Submitted && _time.GetUtcNow() > _options.ClaimExpiry(record))
            return Verdict.Launch(key, record, record.Version, record.Attempt + 1);
        // A run without a step (a manual run) that stopped heartbeating is abandoned too.
        if (record.IsAbandonedRun(_time.GetUtcNow(), _options.UnleasedRunGrace))
            return Verdict.Launch(key, record, record.Version, record.Attempt + 1);
        return Verdict.Skipped(key, record.State, $"already {record.State.ToWire()} (attempt {record.Attempt}, no step id yet)");
    }

    private async Task AbandonAsync(IEnumerable<ClaimedChunk> chunks, string reason, CancellationToken ct)
    {
        foreach (var claim in chunks.SelectMany(c => c.Claims))
            await _ledger.AbandonClaimAsync(claim, reason, ct).ConfigureAwait(false);
    }

    private string? LogUriOf(string clusterId, string stepId) =>
        _config.Cluster.Template.LogUri is { } root ? $"{root.TrimEnd('/')}/{clusterId}/steps/{stepId}/" : null;

    private StepConfig Render(StepTemplate template, DateRange range, string? token = null) =>
        template.Render(new StepValues(template.Job, range.From, range.To, _config.Bucket, _config.LedgerTable, token));

    private sealed record Candidate(JobKey Key, JobRecord? LastRead, long? ReplaceVersion, int NextAttempt);

    private sealed record ClaimedChunk(StepTemplate Template, DateRange Range, List<JobRecord> Claims, string Token);

    private readonly record struct Verdict(Candidate? Candidate, SkippedDate? Skip)
    {
        public static Verdict Launch(JobKey key, JobRecord? lastRead, long? replaceVersion, int attempt) => new(new Candidate(key, lastRead, replaceVersion, attempt), null);
        public static Verdict Skipped(JobKey key, JobState state, string reason) => new(null, new SkippedDate(key.Job, key.DataDate, state, reason));
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Launch ({Trigger}) of {Jobs} for {Range}, dry run {DryRun}")]
    private static partial void LogLaunch(ILogger logger, string trigger, string jobs, string range, bool dryRun);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Submitted step {StepId} on {ClusterId}: {Job} {Range}")]
    private static partial void LogSubmitted(ILogger logger, string stepId, string clusterId, string job, string range);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "AddJobFlowSteps on {ClusterId} failed for {Count} step(s): {Error}")]
    private static partial void LogSubmitFailed(ILogger logger, string clusterId, int count, string error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Step {StepId} on {ClusterId} cannot be described ({ErrorCode}); treating it as gone")]
    private static partial void LogStepUnknown(ILogger logger, string stepId, string clusterId, string errorCode);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Re-run of {Count} completed date(s) of {Jobs} in {Range}, dry run {DryRun}")]
    private static partial void LogRerun(ILogger logger, int count, string jobs, string range, bool dryRun);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Ledger {Pk}: adopted step {StepId} on {ClusterId} found by its submit token ({Outcome})")]
    private static partial void LogAdopted(ILogger logger, string pk, string stepId, string clusterId, string outcome);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Ledger {Pk}: step {StepId} not attached ({Reason})")]
    private static partial void LogAttachSkipped(ILogger logger, string pk, string stepId, string reason);
}
