using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Ledger.Tests;

/// <summary>Explicit re-run claims (<see cref="JobClaim.Rerun"/>): completed items only, one winner, attempts kept.</summary>
[Collection(MotoCollection.Name)]
public sealed class RerunClaimTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2020, 11, 9);
    private static readonly JobKey Key = new("pipeline", Day);

    private static JobClaim Claim(bool rerun, string? cluster = "j-2") => new(Key, Day, Day, cluster, Rerun: rerun);

    /// <summary>Attempt 1 through step s-1 to <paramref name="end"/> (PARTIAL as the job reports it after EMR's completion event).</summary>
    private static async Task<JobRecord> CompleteFirstAttemptAsync(LedgerTestContext ctx, JobState end)
    {
        await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim(rerun: false, "j-1")), "j-1", "s-1", null);
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Running));
        ctx.Time.Advance(TimeSpan.FromMinutes(5));
        await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded, null, "Step completed"));
        if (end == JobState.Partial)
            await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", Day, Day, JobState.Partial, new JobCounts(10, 9, 1)));
        var done = await ctx.Ledger.GetAsync(Key);
        Assert.Equal((end, 1), (done!.State, done.Attempt));
        return done;
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Partial)]
    public async Task Completed_item_is_refused_without_the_opt_in_and_reclaimed_as_a_new_attempt_with_it(JobState end)
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var done = await CompleteFirstAttemptAsync(ctx, end);
        ctx.Time.Advance(TimeSpan.FromDays(2));

        var refused = await Assert.ThrowsAsync<JobAlreadyCompletedException>(() => ctx.Ledger.ClaimAsync(Claim(rerun: false)));
        Assert.Equal(end, refused.Current.State);
        Assert.Equal(done.Version, (await ctx.Ledger.GetAsync(Key))!.Version);

        var rerun = await ctx.Ledger.ClaimAsync(Claim(rerun: true));
        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.NotNull(stored);
        Assert.Equal((JobState.Submitted, 2, done.Version + 1, "j-2", (string?)null), (stored!.State, stored.Attempt, stored.Version, stored.ClusterId, stored.StepId));
        Assert.Equal(ctx.Time.GetUtcNow(), stored.SubmittedAt);
        Assert.Null(stored.EndedAt);
        Assert.Equal(rerun.Attempt, stored.Attempt);
        var previous = Assert.Single(stored.PreviousAttempts);
        Assert.Equal((1, end, "j-1", "s-1", done.EndedAt), (previous.Attempt, previous.State, previous.ClusterId, previous.StepId, previous.EndedAt));

        // The new attempt follows its own step; late events of the completed step change nothing.
        await ctx.Ledger.AttachStepAsync(rerun, "j-2", "s-2", null);
        var stale = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Succeeded));
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, stale.Outcome);
        var finished = await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-2", JobState.Succeeded));
        Assert.Equal((JobState.Succeeded, 2), (finished.Record!.State, finished.Record.Attempt));
    }

    [Fact]
    public async Task Active_item_is_refused_even_with_the_opt_in()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var submitted = await ctx.Ledger.AttachStepAsync(await ctx.Ledger.ClaimAsync(Claim(rerun: false, "j-1")), "j-1", "s-1", null);
        var whileSubmitted = await Assert.ThrowsAsync<JobAlreadyActiveException>(() => ctx.Ledger.ClaimAsync(Claim(rerun: true)));
        Assert.Equal(JobState.Submitted, whileSubmitted.Current.State);

        var running = (await ctx.Ledger.ApplyStepTransitionAsync(new StepTransition(Key, "s-1", JobState.Running))).Record!;
        var whileRunning = await Assert.ThrowsAsync<JobAlreadyActiveException>(() => ctx.Ledger.ClaimAsync(Claim(rerun: true), running));
        Assert.Equal(JobState.Running, whileRunning.Current.State);

        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.Equal((JobState.Running, 1, submitted.Version + 1, "s-1"), (stored!.State, stored.Attempt, stored.Version, stored.StepId));
        Assert.Empty(stored.PreviousAttempts);
    }

    [Fact]
    public async Task Concurrent_rerun_claims_of_one_date_yield_exactly_one_winner()
    {
        await using var ctx = await LedgerTestContext.CreateAsync(moto);
        var done = await CompleteFirstAttemptAsync(ctx, JobState.Succeeded);

        // Half decide on the item they read themselves, half on the completed item every launcher read before the race.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try { return (Won: true, Error: (Exception?)null, Record: (JobRecord?)await (i % 2 == 0 ? ctx.Ledger.ClaimAsync(Claim(rerun: true)) : ctx.Ledger.ClaimAsync(Claim(rerun: true), done))); }
            catch (LedgerException e) { return (Won: false, Error: (Exception?)e, Record: null); }
        })));

        var winner = Assert.Single(outcomes, o => o.Won).Record!;
        Assert.All(outcomes.Where(o => !o.Won), o => Assert.IsType<JobAlreadyActiveException>(o.Error));
        var stored = await ctx.Ledger.GetAsync(Key);
        Assert.Equal((JobState.Submitted, 2, done.Version + 1), (stored!.State, stored.Attempt, stored.Version));
        Assert.Equal(winner.Version, stored.Version);
        Assert.Equal(JobState.Succeeded, Assert.Single(stored.PreviousAttempts).State);
    }
}
