using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Tests.Launch;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Tracking;

[Collection(MotoCollection.Name)]
public sealed class TrackerAndReconcileTests(MotoServer moto)
{
    private static readonly DateRange Week = new(new(2020, 6, 1), new(2020, 6, 7));

    private static StepStatusChange Event(PlannedStep step, string state, string? message = null, DateTimeOffset? at = null) =>
        new("j-x", step.StepId!, StepNames.Format(step.Job, step.Range.From, step.Range.To), state, message, at);

    [Fact]
    public async Task Events_in_order_move_every_date_of_the_step()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var step = (await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], Week))).Steps.Single();
        var t0 = new DateTimeOffset(2021, 1, 1, 7, 0, 0, TimeSpan.Zero);

        Assert.Null((await ctx.Tracker.TrackAsync(Event(step, "PENDING"))).Results.FirstOrDefault());
        Assert.Equal(7, (await ctx.Tracker.TrackAsync(Event(step, "RUNNING", at: t0))).Changed);
        Assert.Equal(7, (await ctx.Tracker.TrackAsync(Event(step, "COMPLETED", "Step completed", t0.AddMinutes(3)))).Changed);

        var done = await ctx.Ledger.QueryByStateAsync(JobState.Succeeded, Week.From, Week.To);
        Assert.Equal(7, done.Count);
        Assert.All(done, r => Assert.Equal((180_000L, "Step completed"), (r.DurationMs!.Value, r.Message!)));
    }

    [Fact]
    public async Task Events_out_of_order_and_duplicated_end_in_the_final_state()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var step = (await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], Week))).Steps.Single();

        var failed = await ctx.Tracker.TrackAsync(Event(step, "FAILED", "Container killed: exit 137"));
        var late = await ctx.Tracker.TrackAsync(Event(step, "RUNNING"));
        var again = await ctx.Tracker.TrackAsync(Event(step, "FAILED"));

        Assert.Equal(7, failed.Changed);
        Assert.All(late.Results, r => Assert.Equal(TransitionOutcome.IgnoredNotForward, r.Outcome));
        Assert.All(again.Results, r => Assert.Equal(TransitionOutcome.AlreadyInState, r.Outcome));
        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", Week.From));
        Assert.Equal((JobState.Failed, "Container killed: exit 137", 3L), (record!.State, record.Message, record.Version));
    }

    [Fact]
    public async Task Events_for_a_previous_attempt_or_a_foreign_step_are_ignored()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var day = new DateRange(new(2020, 6, 1), new(2020, 6, 1));
        var first = (await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], day))).Steps.Single();
        await ctx.Tracker.TrackAsync(Event(first, "CANCELLED"));
        var second = (await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], day))).Steps.Single();

        var stale = await ctx.Tracker.TrackAsync(Event(first, "COMPLETED"));
        Assert.Equal(TransitionOutcome.IgnoredOtherStep, stale.Results.Single().Outcome);
        var foreign = await ctx.Tracker.TrackAsync(new StepStatusChange("j-x", "s-other", "Setup hadoop debugging", "FAILED", null, null));
        Assert.NotNull(foreign.Ignored);

        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", day.From));
        Assert.Equal((JobState.Submitted, second.StepId, 2), (record!.State, record.StepId, record.Attempt));
    }

    [Fact]
    public async Task Reconcile_applies_the_step_state_emr_reports_and_fails_abandoned_claims()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var steps = (await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline", "stats"], new DateRange(new(2020, 6, 1), new(2020, 6, 2))))).Steps;
        var pipeline = steps.Single(s => s.Job == "pipeline");
        var stats = steps.Single(s => s.Job == "stats");
        ctx.Emr.SetStepState(pipeline.StepId!, StepStates.Completed);
        var orphan = new JobKey("pipeline", new DateOnly(2020, 7, 1));
        await ctx.Ledger.ClaimAsync(new JobClaim(orphan, orphan.DataDate, orphan.DataDate));
        ctx.Time.Advance(TimeSpan.FromMinutes(30));

        var report = await ctx.Reconcile.ReconcileAsync();

        Assert.Equal(2, ctx.Emr.Calls("DescribeStep"));
        Assert.Equal(5, report.Items.Count);
        Assert.Equal(3, report.Changed);
        Assert.All(await ctx.Ledger.QueryByStateAsync(JobState.Succeeded), r => Assert.Equal(pipeline.StepId, r.StepId));
        Assert.Equal(2, (await ctx.Ledger.QueryByStateAsync(JobState.Succeeded)).Count);
        Assert.Equal(JobState.Submitted, (await ctx.Ledger.GetAsync(new JobKey("stats", stats.Range.From)))!.State);
        Assert.Equal(JobState.Failed, (await ctx.Ledger.GetAsync(orphan))!.State);

        ctx.Emr.SetStepState(stats.StepId!, StepStates.Running);
        var second = await ctx.Reconcile.ReconcileAsync();
        Assert.Equal(2, second.Changed);
        Assert.Equal(2, (await ctx.Ledger.QueryByStateAsync(JobState.Running)).Count);
    }
}
