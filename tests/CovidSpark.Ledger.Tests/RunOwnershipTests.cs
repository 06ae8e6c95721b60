using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Ledger.Tests;

/// <summary>
/// A job's reports touch only the attempt its run token owns: an EMR step's job the attempt claimed with its submit token, a
/// manual run an attempt of its own — never a step's pending item (issue 13: a manual run took over a pending step's item and
/// recorded 527 s for a 1.8 s run).
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class RunOwnershipTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2020, 11, 9);
    private static readonly JobKey Key = new("pipeline", Day);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static async Task<JobRecord> SubmittedStepAsync(LedgerTestContext ctx, string token) =>
        await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(new JobClaim(Key, Day, Day, "j-1", SubmitToken: token)), "j-1", "s-1", null);

    [Fact]
    public async Task A_manual_run_is_refused_on_a_date_a_pending_step_holds_and_the_item_stays_the_steps()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var step = await SubmittedStepAsync(ctx, "aaaaaaaaaaaa");

        var started = Assert.Single(await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "bbbbbbbbbbbb", Manual: true)));
        Assert.Equal(TransitionOutcome.RefusedActive, started.Outcome);
        Assert.Contains("EMR step s-1 on j-1", started.Reason);
        Assert.Contains("SUBMITTED as attempt 1", started.Reason);

        // Its finish report does not touch the step's attempt either.
        var finished = Assert.Single(await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Succeeded, RunToken: "bbbbbbbbbbbb")));
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, finished.Outcome);
        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.Equal((JobState.Submitted, step.Version, "s-1", (DateTimeOffset?)null), (stored!.State, stored.Version, stored.StepId, stored.StartedAt));
    }

    [Fact]
    public async Task The_steps_own_job_moves_its_attempt_and_finishes_it()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await SubmittedStepAsync(ctx, "aaaaaaaaaaaa");

        var started = Assert.Single(await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "aaaaaaaaaaaa")));
        Assert.Equal((TransitionOutcome.Applied, JobState.Running), (started.Outcome, started.Record!.State));
        ctx.Time.Advance(TimeSpan.FromSeconds(2));
        var finished = Assert.Single(await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Succeeded, new JobCounts(3, 3, 0), RunToken: "aaaaaaaaaaaa")));
        Assert.Equal((JobState.Succeeded, 1, 2000L), (finished.Record!.State, finished.Record.Attempt, finished.Record.DurationMs));
    }

    [Fact]
    public async Task A_step_whose_attempt_was_replaced_does_not_move_the_new_attempt()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var first = await ctx.Ledger.ClaimAsync(new JobClaim(Key, Day, Day, "j-1", SubmitToken: "aaaaaaaaaaaa"));
        await ctx.Ledger.AbandonClaimAsync(first, "AddJobFlowSteps failed");
        await ctx.Ledger.ClaimAsync(new JobClaim(Key, Day, Day, "j-1", SubmitToken: "cccccccccccc"));

        var late = Assert.Single(await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "aaaaaaaaaaaa")));
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, late.Outcome);
        Assert.Equal((JobState.Submitted, 2), ((await ctx.Ledger.GetAsync(Key))!.State, (await ctx.Ledger.GetAsync(Key))!.Attempt));
    }

    [Fact]
    public async Task A_manual_rerun_of_a_finished_date_is_its_own_attempt_with_its_own_duration()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await SubmittedStepAsync(ctx, "aaaaaaaaaaaa");
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Running));
        ctx.Time.Advance(TimeSpan.FromMinutes(9));
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded));
        ctx.Time.Advance(TimeSpan.FromHours(1));

        var started = Assert.Single(await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "dddddddddddd", Manual: true)));
        Assert.Equal((JobState.Running, 2), (started.Record!.State, started.Record.Attempt));
        Assert.Null(started.Record.StepId);
        ctx.Time.Advance(TimeSpan.FromMilliseconds(1800));
        var done = Assert.Single(await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Succeeded, RunToken: "dddddddddddd")));
        Assert.Equal((JobState.Succeeded, 2, 1800L), (done.Record!.State, done.Record.Attempt, done.Record.DurationMs));
        var previous = Assert.Single(done.Record.PreviousAttempts);
        Assert.Equal((1, JobState.Succeeded, "s-1"), (previous.Attempt, previous.State, previous.StepId));
    }

    [Fact]
    public async Task A_manual_run_takes_over_only_a_manual_run_whose_lease_expired()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "eeeeeeeeeeee", Manual: true));

        var live = Assert.Single(await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "ffffffffffff", Manual: true)));
        Assert.Equal(TransitionOutcome.RefusedActive, live.Outcome);
        Assert.Contains("another manual run", live.Reason);

        ctx.Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = Assert.Single(await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "ffffffffffff", Manual: true)));
        Assert.Equal((JobState.Running, 2), (taken.Record!.State, taken.Record.Attempt));
        Assert.Equal(JobState.Failed, Assert.Single(taken.Record.PreviousAttempts).State);

        // The abandoned run's late heartbeat and finish leave the new attempt alone.
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, Assert.Single(await ctx.Ledger.ReportJobAliveAsync(new JobRunAlive("pipeline", Day, Day, Lease, "eeeeeeeeeeee"))).Outcome);
        Assert.Equal(TransitionOutcome.IgnoredOtherStep,
            Assert.Single(await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Failed, RunToken: "eeeeeeeeeeee"))).Outcome);
        Assert.Equal(JobState.Running, (await ctx.Ledger.GetAsync(Key))!.State);
    }

    [Fact]
    public async Task An_interrupted_run_is_recorded_as_cancelled()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease, "eeeeeeeeeeee", Manual: true));
        var result = Assert.Single(await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Cancelled, Message: "interrupted", RunToken: "eeeeeeeeeeee")));
        Assert.Equal(JobState.Cancelled, result.Record!.State);
    }
}
