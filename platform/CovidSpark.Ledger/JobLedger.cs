using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CovidSpark.Ledger;

namespace CovidSpark.Ledger;

/// <summary>
/// <see cref="IJobLedger"/> on DynamoDB (AWSSDK.DynamoDBv2). Items are read consistently and written whole with
/// <c>PutItem</c> conditional on the version read (<c>attribute_not_exists(pk)</c> for a new item), so a write never
/// overwrites a change it did not see. "Now" comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class JobLedger : IJobLedger
{
    private readonly IAmazonDynamoDB _db;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the ledger over an existing DynamoDB client (the caller owns the client).</summary>
    public JobLedger(IAmazonDynamoDB db, LedgerOptions options, TimeProvider time, ILogger<JobLedger>? logger = null)
    {
        _db = db;
        _options = options.Validate();
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string TableName => _options.TableName;

    public async Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            var resp = await _db.GetItemAsync(new GetItemRequest { TableName = TableName, Key = JobRecordMapper.KeyOf(key), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
            return JobRecordMapper.FromItem(resp.Item);
        }
        catch (ResourceNotFoundException e)
        {
            throw MissingTable(e);
        }
    }

    public async Task<IReadOnlyDictionary<JobKey, JobRecord>> GetManyAsync(IReadOnlyCollection<JobKey> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<JobKey, JobRecord>();
        foreach (var batch in keys.Distinct().Chunk(100))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [TableName] = new KeysAndAttributes { Keys = batch.Select(JobRecordMapper.KeyOf).ToList(), ConsistentRead = true },
            };
            for (var round = 0; pending.Count > 0; round++)
            {
                BatchGetItemResponse resp;
                try { resp = await _db.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken).ConfigureAwait(false); }
                catch (ResourceNotFoundException e) { throw MissingTable(e); }
                foreach (var item in resp.Responses?.GetValueOrDefault(TableName) ?? [])
                    if (JobRecordMapper.FromItem(item) is { } record) found[record.Key] = record;
                pending = resp.UnprocessedKeys is { Count: > 0 } rest ? rest : [];
                if (pending.Count > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(round, 5))), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        return found;
    }

    public async Task<JobRecord> ClaimAsync(JobClaim claim, CancellationToken cancellationToken = default) =>
        await ClaimAsync(claim, await GetAsync(claim.Key, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<JobRecord> ClaimAsync(JobClaim claim, JobRecord? lastRead, CancellationToken cancellationToken = default)
    {
        if (claim.RangeTo < claim.RangeFrom)
            throw new ArgumentException($"claim range {LedgerFormats.FormatDate(claim.RangeFrom)}..{LedgerFormats.FormatDate(claim.RangeTo)} ends before it starts", nameof(claim));
        if (lastRead is not null && lastRead.Key != claim.Key)
            throw new ArgumentException($"the record read is {lastRead.Key}, not {claim.Key}", nameof(lastRead));
        var now = _time.GetUtcNow();
        var current = lastRead;
        JobRecord next;
        if (current is null)
        {
            next = new JobRecord
            {
                Key = claim.Key, State = JobState.Submitted, Version = 1, Attempt = 1, ClusterId = claim.ClusterId,
                RangeFrom = claim.RangeFrom, RangeTo = claim.RangeTo, SubmittedAt = now, UpdatedAt = now, SubmitToken = claim.SubmitToken,
            };
        }
        else if (current.State.IsResubmittable() || (claim.Rerun && current.State.IsCompleted())
                 || (current.State.IsActive() && claim.ReplacingStaleVersion == current.Version))
        {
            next = new JobRecord
            {
                Key = claim.Key, State = JobState.Submitted, Version = current.Version + 1, Attempt = current.Attempt + 1,
                PreviousAttempts = [.. current.PreviousAttempts, ToPrevious(current)], ClusterId = claim.ClusterId,
                RangeFrom = claim.RangeFrom, RangeTo = claim.RangeTo, SubmittedAt = now, UpdatedAt = now, SubmitToken = claim.SubmitToken,
            };
        }
        else
        {
            throw Refusal(current, claim.Key);
        }

        if (await TryPutAsync(next, current?.Version, cancellationToken).ConfigureAwait(false))
        {
            if (claim.Rerun && current is not null && current.State.IsCompleted())
                LogRerunClaimed(_logger, claim.Key.PartitionKey, current.State.ToWire(), current.Attempt, next.Attempt);
            else
                LogClaimed(_logger, claim.Key.PartitionKey, next.Attempt, next.Version);
            return next;
        }
        var winner = await GetAsync(claim.Key, cancellationToken).ConfigureAwait(false);
        LogClaimLost(_logger, claim.Key.PartitionKey, winner?.State.ToWire() ?? "absent");
        throw winner is null ? new StaleTransitionException(claim.Key, current?.Version ?? 0, "claim") : Refusal(winner, claim.Key);
    }

    public async Task<JobRecord> AttachStepAsync(JobRecord claimed, string clusterId, string stepId, string? logUri, CancellationToken cancellationToken = default)
    {
        // Fast path: nobody wrote since the claim, so write on top of it without reading; otherwise re-read and decide.
        if (claimed.State == JobState.Submitted && claimed.StepId is null)
        {
            var direct = Touch(claimed) with { ClusterId = clusterId, StepId = stepId, LogUri = logUri ?? claimed.LogUri, Version = claimed.Version + 1 };
            if (await TryPutAsync(direct, claimed.Version, cancellationToken).ConfigureAwait(false))
            {
                LogApplied(_logger, claimed.Key.PartitionKey, "attach step", direct.State.ToWire(), direct.Version);
                return direct;
            }
        }
        var result = await MutateAsync(claimed.Key, "attach step", current =>
        {
            if (current is null) return Decision.Stop(TransitionOutcome.NotFound, "the claim disappeared");
            if (current.Attempt != claimed.Attempt || current.State != JobState.Submitted || (current.StepId is not null && current.StepId != stepId))
                return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"the item is now attempt {current.Attempt} in {current.State.ToWire()}");
            if (current.StepId == stepId) return Decision.Stop(TransitionOutcome.AlreadyInState);
            return Decision.Write(Touch(current) with { ClusterId = clusterId, StepId = stepId, LogUri = logUri ?? current.LogUri });
        }, cancellationToken).ConfigureAwait(false);
        return result.Outcome is TransitionOutcome.Applied or TransitionOutcome.AlreadyInState
            ? result.Record!
            : throw new StaleTransitionException(claimed.Key, claimed.Version, $"attach step {stepId} ({result.Reason})");
    }

    public Task<TransitionResult> AdoptStepAsync(JobRecord seen, string clusterId, string stepId, string? logUri, CancellationToken cancellationToken = default) =>
        MutateAsync(seen.Key, $"adopt step {stepId}", current =>
        {
            if (current is null) return Decision.Stop(TransitionOutcome.NotFound);
            if (current.StepId == stepId) return Decision.Stop(TransitionOutcome.AlreadyInState);
            if (current.Attempt != seen.Attempt || current.StepId is not null || seen.SubmitToken is null || current.SubmitToken != seen.SubmitToken)
                return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"the item is now attempt {current.Attempt} with step {current.StepId ?? "(none)"}");
            return Decision.Write(Touch(current) with { ClusterId = clusterId, StepId = stepId, LogUri = logUri ?? current.LogUri });
        }, cancellationToken);

    public Task<TransitionResult> AbandonClaimAsync(JobRecord claimed, string reason, CancellationToken cancellationToken = default) =>
        MutateAsync(claimed.Key, "abandon claim", current =>
        {
            if (current is null) return Decision.Stop(TransitionOutcome.NotFound);
            if (current.Attempt != claimed.Attempt || current.State != JobState.Submitted)
                return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"the item is now attempt {current.Attempt} in {current.State.ToWire()}");
            return Decision.Write(Finish(current, JobState.Failed, null) with { Message = reason });
        }, cancellationToken);

    public Task<TransitionResult> ApplyStepTransitionAsync(StepTransition transition, CancellationToken cancellationToken = default) =>
        MutateAsync(transition.Key, $"step {transition.StepId} → {transition.Target.ToWire()}", current =>
        {
            if (current is null) return Decision.Stop(TransitionOutcome.NotFound);
            // The launcher died after submitting this step and before recording it: the token the claim recorded says it is ours.
            if (current.StepId is null && transition.SubmitToken is { } token && current.SubmitToken == token && current.State.IsActive())
                current = current with { StepId = transition.StepId, ClusterId = transition.ClusterId ?? current.ClusterId };
            if (current.StepId is null || current.StepId != transition.StepId)
                return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"the current attempt {current.Attempt} runs step {current.StepId ?? "(none yet)"}");
            if (current.State == transition.Target) return Decision.Stop(TransitionOutcome.AlreadyInState);
            if (!JobStates.CanMove(current.State, transition.Target))
                return Decision.Stop(TransitionOutcome.IgnoredNotForward, $"{current.State.ToWire()} does not move to {transition.Target.ToWire()}");
            var at = transition.At ?? _time.GetUtcNow();
            var next = transition.Target == JobState.Running
                ? Touch(current) with { State = JobState.Running, StartedAt = current.StartedAt ?? at }
                : Finish(current, transition.Target, at);
            return Decision.Write(next with { Message = transition.Message ?? current.Message, LogUri = transition.LogUri ?? current.LogUri });
        }, cancellationToken);

    public Task<TransitionResult> AbandonRunAsync(JobRecord seen, string reason, CancellationToken cancellationToken = default) =>
        MutateAsync(seen.Key, "abandon run", current =>
        {
            if (current is null) return Decision.Stop(TransitionOutcome.NotFound);
            if (current.Version != seen.Version || current.State != JobState.Running || current.StepId is not null)
                return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"the item changed since (now {current.State.ToWire()}, version {current.Version})");
            return Decision.Write(Finish(current, JobState.Failed, null) with { Message = reason });
        }, cancellationToken);

    public async Task<IReadOnlyList<JobRecord>> QueryByStateAsync(JobState state, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, AttributeValue> { [":s"] = JobRecordMapper.S(state.ToWire()) };
        var condition = "#s = :s";
        if (from is not null || to is not null)
        {
            values[":a"] = JobRecordMapper.S(LedgerFormats.FormatDate(from ?? DateOnly.MinValue));
            values[":b"] = JobRecordMapper.S(LedgerFormats.FormatDate(to ?? DateOnly.MaxValue));
            condition += " AND #d BETWEEN :a AND :b";
        }
        var names = new Dictionary<string, string> { ["#s"] = LedgerSchema.State };
        if (condition.Contains("#d", StringComparison.Ordinal)) names["#d"] = LedgerSchema.DataDate;
        return await QueryIndexAsync(condition, names, values, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRecord>> ListByDateAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var all = new List<JobRecord>();
        foreach (var state in JobStates.All)
        {
            all.AddRange(await QueryIndexAsync("#s = :s AND #d = :d",
                new Dictionary<string, string> { ["#s"] = LedgerSchema.State, ["#d"] = LedgerSchema.DataDate },
                new Dictionary<string, AttributeValue> { [":s"] = JobRecordMapper.S(state.ToWire()), [":d"] = JobRecordMapper.S(LedgerFormats.FormatDate(date)) },
                cancellationToken).ConfigureAwait(false));
        }
        return all.OrderBy(r => r.Key.Job, StringComparer.Ordinal).ToList();
    }

    private async Task<List<JobRecord>> QueryIndexAsync(string condition, Dictionary<string, string> names, Dictionary<string, AttributeValue> values, CancellationToken ct)
    {
        var records = new List<JobRecord>();
        Dictionary<string, AttributeValue>? start = null;
        try
        {
            do
            {
                var resp = await _db.QueryAsync(new QueryRequest
                {
                    TableName = TableName, IndexName = LedgerSchema.StateIndex, KeyConditionExpression = condition,
                    ExpressionAttributeNames = names, ExpressionAttributeValues = values, ExclusiveStartKey = start,
                }, ct).ConfigureAwait(false);
                records.AddRange((resp.Items ?? []).Select(i => JobRecordMapper.FromItem(i)).OfType<JobRecord>());
                start = resp.LastEvaluatedKey is { Count: > 0 } k ? k : null;
            } while (start is not null);
        }
        catch (ResourceNotFoundException e)
        {
            throw MissingTable(e);
        }
        return records.OrderBy(r => r.Key.DataDate).ThenBy(r => r.Key.Job, StringComparer.Ordinal).ToList();
    }

    /// <summary>Read → decide → conditional write, re-evaluated on every lost race (no lost update, no blind overwrite).</summary>
    private async Task<TransitionResult> MutateAsync(JobKey key, string operation, Func<JobRecord?, Decision> decide, CancellationToken ct)
    {
        long seen = 0;
        for (var i = 0; i < _options.MaxWriteRetries; i++)
        {
            var current = await GetAsync(key, ct).ConfigureAwait(false);
            seen = current?.Version ?? 0;
            var decision = decide(current);
            if (decision.Next is null)
            {
                if (decision.Outcome is not TransitionOutcome.AlreadyInState)
                    LogIgnored(_logger, key.PartitionKey, operation, decision.Outcome.ToString(), decision.Reason ?? "");
                return new TransitionResult(key, decision.Outcome, current, decision.Reason);
            }
            var next = decision.Next with { Version = (current?.Version ?? 0) + 1 };
            if (await TryPutAsync(next, current?.Version, ct).ConfigureAwait(false))
            {
                LogApplied(_logger, key.PartitionKey, operation, next.State.ToWire(), next.Version);
                return new TransitionResult(key, current is null ? TransitionOutcome.Created : TransitionOutcome.Applied, next);
            }
        }
        throw new StaleTransitionException(key, seen, operation);
    }

    private async Task<bool> TryPutAsync(JobRecord next, long? expectedVersion, CancellationToken ct)
    {
        var request = new PutItemRequest { TableName = TableName, Item = JobRecordMapper.ToItem(next) };
        if (expectedVersion is { } v)
        {
            request.ConditionExpression = "#v = :v";
            request.ExpressionAttributeNames = new Dictionary<string, string> { ["#v"] = LedgerSchema.Version };
            request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = JobRecordMapper.N(v) };
        }
        else
        {
            request.ConditionExpression = "attribute_not_exists(#pk)";
            request.ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = LedgerSchema.Pk };
        }
        try
        {
            await _db.PutItemAsync(request, ct).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
        catch (ResourceNotFoundException e)
        {
            throw MissingTable(e);
        }
    }

    private JobRecord Touch(JobRecord r) => r with { UpdatedAt = _time.GetUtcNow() };

    private JobRecord Finish(JobRecord r, JobState state, DateTimeOffset? at)
    {
        var ended = at ?? _time.GetUtcNow();
        return Touch(r) with
        {
            State = state,
            EndedAt = ended,
            DurationMs = r.StartedAt is { } s && ended >= s ? (long)(ended - s).TotalMilliseconds : r.DurationMs,
            ExpiresAt = _options.RetentionDays is { } days ? ended.AddDays(days).ToUnixTimeSeconds() : r.ExpiresAt,
        };
    }

    private static PreviousAttempt ToPrevious(JobRecord r) => new(r.Attempt, r.State, r.ClusterId, r.StepId, r.SubmittedAt, r.EndedAt, r.Message);

    private static Exception Refusal(JobRecord current, JobKey key) => current.State switch
    {
        JobState.Submitted or JobState.Running => new JobAlreadyActiveException(current),
        JobState.Succeeded or JobState.Partial => new JobAlreadyCompletedException(current),
        _ => new StaleTransitionException(key, current.Version, "claim"),
    };

    /// <summary>The keys of a run's dates; a run covers at most 366 days.</summary>
    internal static IEnumerable<JobKey> KeysOf(string job, DateOnly from, DateOnly to)
    {
        var days = to.DayNumber - from.DayNumber;
        if (days < 0) throw new ArgumentException($"run range {LedgerFormats.FormatDate(from)}..{LedgerFormats.FormatDate(to)} ends before it starts");
        if (days > 366) throw new ArgumentException($"run range {LedgerFormats.FormatDate(from)}..{LedgerFormats.FormatDate(to)} spans {days + 1} days; at most 367 are reported at once");
        var keys = new List<JobKey>(days + 1);
        for (var d = from; d <= to; d = d.AddDays(1)) keys.Add(new JobKey(job, d));
        return keys;
    }

    private LedgerTableException MissingTable(Exception e) =>
        new(TableName, "does not exist; create it with `covidspark ledger init`", e);

    private readonly record struct Decision(TransitionOutcome Outcome, JobRecord? Next, string? Reason)
    {
        public static Decision Write(JobRecord next) => new(TransitionOutcome.Applied, next, null);
        public static Decision Create(JobRecord next) => new(TransitionOutcome.Created, next, null);
        public static Decision Stop(TransitionOutcome outcome, string? reason = null) => new(outcome, null, reason);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Ledger {Pk}: claimed attempt {Attempt} (version {Version})")]
    private static partial void LogClaimed(ILogger logger, string pk, int attempt, long version);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Ledger {Pk}: claim lost to a concurrent writer, item is {State}")]
    private static partial void LogClaimLost(ILogger logger, string pk, string state);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Ledger {Pk}: {Operation} applied, now {State} (version {Version})")]
    private static partial void LogApplied(ILogger logger, string pk, string operation, string state, long version);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Ledger {Pk}: re-run claimed over {PreviousState} attempt {PreviousAttempt}, now attempt {Attempt}")]
    private static partial void LogRerunClaimed(ILogger logger, string pk, string previousState, int previousAttempt, int attempt);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Ledger {Pk}: {Operation} ignored ({Outcome}) {Reason}")]
    private static partial void LogIgnored(ILogger logger, string pk, string operation, string outcome, string reason);
}
