using Amazon.DynamoDBv2.Model;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Ledger.Tests;

[Collection(MotoCollection.Name)]
public sealed class JobLedgerTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2020, 11, 9);
    private static readonly JobKey Key = new("pipeline", Day);

    private static JobClaim Claim(string? cluster = "j-1", long? replacing = null) => new(Key, Day, Day, cluster, replacing);

    [Fact]
    public async Task Table_is_created_with_stream_index_and_is_idempotent()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        Assert.True(ctx.Info.Created);
        Assert.False(string.IsNullOrEmpty(ctx.Info.StreamArn));
        var again = await new LedgerTable(ctx.Db).EnsureCreatedAsync(ctx.Table);
        Assert.False(again.Created);
        var table = (await ctx.Db.DescribeTableAsync(ctx.Table)).Table;
        Assert.Equal(Amazon.DynamoDBv2.StreamViewType.NEW_AND_OLD_IMAGES, table.StreamSpecification.StreamViewType);
        Assert.Contains(table.GlobalSecondaryIndexes, i => i.IndexName == "by_state");
    }

    [Fact]
    public async Task Existing_table_without_the_contract_is_rejected_with_every_problem()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var name = ctx.Table + "-bare";
        await ctx.Db.CreateTableAsync(new CreateTableRequest
        {
            TableName = name, BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", Amazon.DynamoDBv2.KeyType.HASH)],
        });
        var ex = await Assert.ThrowsAsync<LedgerTableException>(() => new LedgerTable(ctx.Db).EnsureCreatedAsync(name));
        Assert.Contains("by_state", ex.Message);
        Assert.Contains("stream", ex.Message);
        Assert.Contains("hash key", ex.Message);
    }

    [Fact]
    public async Task Claim_writes_submitted_attempt_one_and_refuses_a_second_claim()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var claimed = await ctx.Ledger.ClaimAsync(Claim());
        Assert.Equal((JobState.Submitted, 1, 1L), (claimed.State, claimed.Attempt, claimed.Version));

        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.NotNull(stored);
        Assert.Equal(claimed, stored with { PreviousAttempts = claimed.PreviousAttempts });
        Assert.Equal(LedgerTestContext.Start, stored!.SubmittedAt);

        var ex = await Assert.ThrowsAsync<JobAlreadyActiveException>(() => ctx.Ledger.ClaimAsync(Claim()));
        Assert.Equal(JobState.Submitted, ex.Current.State);
        Assert.Contains("pipeline#2020-11-09", ex.Message);
    }

    [Fact]
    public async Task Twenty_concurrent_claims_yield_exactly_one_winner()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try { return (Won: true, Error: (Exception?)null, Record: (JobRecord?)await ctx.Ledger.ClaimAsync(Claim())); }
            catch (LedgerException e) { return (Won: false, Error: (Exception?)e, Record: null); }
        }));
        Assert.Single(outcomes, o => o.Won);
        Assert.All(outcomes.Where(o => !o.Won), o => Assert.IsType<JobAlreadyActiveException>(o.Error));
        Assert.Equal(1, (await ctx.Ledger.GetAsync(Key))!.Version);
    }

    [Fact]
    public async Task Lifecycle_records_step_times_duration_and_refuses_relaunch_after_success()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var claimed = await ctx.Ledger.ClaimAsync(Claim());
        var attached = await ctx.Ledger.AttachStepAsync(claimed, "j-1", "s-1", "s3://logs/j-1/steps/s-1/");
        Assert.Equal("s-1", attached.StepId);

        var started = LedgerTestContext.Start.AddMinutes(2);
        var running = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Running, started));
        Assert.Equal(TransitionOutcome.Applied, running.Outcome);

        var ended = started.AddMinutes(7).AddSeconds(30);
        var done = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded, ended, "Step completed"));
        Assert.Equal(JobState.Succeeded, done.Record!.State);
        Assert.Equal(450_000, done.Record.DurationMs);
        Assert.Equal(ended.AddDays(30).ToUnixTimeSeconds(), done.Record.ExpiresAt);
        Assert.Equal(4, done.Record.Version);

        var ex = await Assert.ThrowsAsync<JobAlreadyCompletedException>(() => ctx.Ledger.ClaimAsync(Claim()));
        Assert.Equal(JobState.Succeeded, ex.Current.State);
    }

    [Fact]
    public async Task Events_out_of_order_twice_or_for_another_step_never_move_backwards()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var claimed = await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim()), "j-1", "s-1", null);

        var other = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-OLD", JobState.Failed));
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, other.Outcome);

        var failed = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Failed, null, "exit 1"));
        Assert.Equal(TransitionOutcome.Applied, failed.Outcome);
        var lateRunning = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Running));
        Assert.Equal(TransitionOutcome.IgnoredNotForward, lateRunning.Outcome);
        var duplicate = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Failed));
        Assert.Equal(TransitionOutcome.AlreadyInState, duplicate.Outcome);
        var flip = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded));
        Assert.Equal(TransitionOutcome.IgnoredNotForward, flip.Outcome);

        var final = await ctx.Ledger.GetAsync(Key);
        Assert.Equal((JobState.Failed, "exit 1", claimed.Version + 1), (final!.State, final.Message, final.Version));
    }

    [Fact]
    public async Task Failed_job_is_resubmitted_as_a_new_attempt_keeping_the_previous_one()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim()), "j-1", "s-1", null);
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Failed, null, "OOM"));
        ctx.Time.Advance(TimeSpan.FromHours(1));

        var second = await ctx.Ledger.ClaimAsync(Claim("j-2"));
        Assert.Equal((2, JobState.Submitted, (string?)null), (second.Attempt, second.State, second.StepId));
        var prev = Assert.Single(second.PreviousAttempts);
        Assert.Equal((1, JobState.Failed, "s-1", "OOM"), (prev.Attempt, prev.State, prev.StepId, prev.Message));

        await ctx.Ledger.AttachStepAsync(second, "j-2", "s-2", null);
        var stale = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded));
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, stale.Outcome);
        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.Equal(("s-2", 2), (stored!.StepId, stored.PreviousAttempts.Count + 1));
    }

    [Fact]
    public async Task Active_item_is_replaced_only_when_the_caller_vouches_for_its_exact_version()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var first = await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim()), "j-1", "s-1", null);
        await Assert.ThrowsAsync<JobAlreadyActiveException>(() => ctx.Ledger.ClaimAsync(Claim(replacing: first.Version - 1)));
        var second = await ctx.Ledger.ClaimAsync(Claim(replacing: first.Version));
        Assert.Equal(2, second.Attempt);
        Assert.Equal(JobState.Submitted, second.PreviousAttempts.Single().State);
    }

    [Fact]
    public async Task Abandoned_claim_becomes_failed_and_can_be_retried()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var claimed = await ctx.Ledger.ClaimAsync(Claim());
        var abandoned = await ctx.Ledger.AbandonClaimAsync(claimed, "AddJobFlowSteps failed: ValidationException");
        Assert.Equal(JobState.Failed, abandoned.Record!.State);
        Assert.Equal(2, (await ctx.Ledger.ClaimAsync(Claim())).Attempt);
        await Assert.ThrowsAsync<StaleTransitionException>(() => ctx.Ledger.AttachStepAsync(claimed, "j-1", "s-late", null));
    }

    [Fact]
    public async Task Job_reports_record_counts_manifest_and_partial_even_after_the_step_event()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim()), "j-1", "s-1", null);

        var started = await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day));
        Assert.Equal(JobState.Running, Assert.Single(started).Record!.State);
        ctx.Time.Advance(TimeSpan.FromSeconds(90));
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded));

        var finished = await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Partial,
            new JobCounts(1000, 990, 10), """{"run":"r-1","files":3}"""));
        var record = Assert.Single(finished).Record!;
        Assert.Equal(JobState.Partial, record.State);
        Assert.Equal(new JobCounts(1000, 990, 10), record.Counts);
        Assert.Equal(90_000, record.DurationMs);
        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.Equal("""{"run":"r-1","files":3}""", stored!.Manifest);

        var late = await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Failed));
        Assert.Equal(TransitionOutcome.IgnoredNotForward, late.Single().Outcome);
    }

    [Fact]
    public async Task A_range_run_not_submitted_by_the_launcher_creates_one_item_per_date()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var from = new DateOnly(2020, 3, 1);
        var started = await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("etl", from, from.AddDays(2)));
        Assert.All(started, r => Assert.Equal(TransitionOutcome.Created, r.Outcome));
        var done = await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("etl", from, from.AddDays(2), JobState.Succeeded, new JobCounts(5, 5, 0)));
        Assert.Equal(3, done.Count(r => r.Outcome == TransitionOutcome.Applied));
        var succeeded = await ctx.Ledger.QueryByStateAsync(JobState.Succeeded, from, from.AddDays(10));
        Assert.Equal(["etl#2020-03-01", "etl#2020-03-02", "etl#2020-03-03"], succeeded.Select(r => r.Key.PartitionKey));
        Assert.All(succeeded, r => Assert.Equal((from, from.AddDays(2)), (r.RangeFrom!.Value, r.RangeTo!.Value)));
        Assert.Throws<ArgumentException>(() => JobLedger.KeysOf("etl", from, from.AddDays(-1)).ToList());
    }

    [Fact]
    public async Task Status_queries_use_the_state_index_and_list_every_job_of_a_date()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await ctx.Ledger.ClaimAsync(Claim());
        await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("stats", Day, Day, JobState.Failed, Message: "boom"));
        await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("stats", Day.AddDays(1), Day.AddDays(1), JobState.Failed));

        var failed = await ctx.Ledger.QueryByStateAsync(JobState.Failed);
        Assert.Equal(2, failed.Count);
        Assert.Single(await ctx.Ledger.QueryByStateAsync(JobState.Failed, Day, Day));
        var ofDay = await ctx.Ledger.ListByDateAsync(Day);
        Assert.Equal(["pipeline", "stats"], ofDay.Select(r => r.Key.Job));
    }

    [Fact]
    public async Task Concurrent_job_report_and_step_event_lose_no_update()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim()), "j-1", "s-1", null);
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Running));

        await Task.WhenAll(
            ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Succeeded, new JobCounts(7, 7, 0), "{}")),
            ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded, null, "Step completed", "s3://logs/s-1")));

        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.Equal(JobState.Succeeded, stored!.State);
        Assert.Equal(new JobCounts(7, 7, 0), stored.Counts);
    }

    [Fact]
    public async Task Missing_table_is_a_typed_error_that_says_how_to_create_it()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var ledger = new JobLedger(ctx.Db, new LedgerOptions("no-such-table"), TimeProvider.System);
        var ex = await Assert.ThrowsAsync<LedgerTableException>(() => ledger.GetAsync(Key));
        Assert.Contains("ledger init", ex.Message);
    }

    [Theory]
    [InlineData("Pipeline")]
    [InlineData("pipe line")]
    [InlineData("")]
    [InlineData("a;rm")]
    public void Job_names_are_checked(string name) => Assert.Throws<ArgumentException>(() => new JobKey(name, Day));
}
