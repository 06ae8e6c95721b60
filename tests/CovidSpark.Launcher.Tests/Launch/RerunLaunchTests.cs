using CovidSpark.Aws.Emr;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Launch;

/// <summary>Launches with <see cref="LaunchRequest.Rerun"/>: completed dates are resubmitted as new attempts, active ones never.</summary>
[Collection(MotoCollection.Name)]
public sealed class RerunLaunchTests(MotoServer moto)
{
    private static readonly DateRange March = new(new(2020, 3, 1), new(2020, 3, 10));
    private static readonly DateOnly FailedDay = new(2020, 3, 6);
    private static readonly DateOnly RunningDay = new(2020, 3, 7);
    private static readonly DateOnly PartialDay = new(2020, 3, 5);

    /// <summary>
    /// One backfill step over <see cref="March"/>, then the job reports: 03-05 PARTIAL, 03-06 FAILED, 03-07 still RUNNING (its
    /// step is active on EMR), every other date SUCCEEDED.
    /// </summary>
    private static async Task<string> SetUpMixedRangeAsync(LaunchTestContext ctx)
    {
        var first = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], March, Trigger: "backfill"));
        var step = Assert.Single(first.Steps);
        foreach (var day in March.Dates())
        {
            await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", day, day));
            if (day == RunningDay) continue;
            var state = day == FailedDay ? JobState.Failed : day == PartialDay ? JobState.Partial : JobState.Succeeded;
            await ctx.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", day, day, state, new JobCounts(10, 10, state == JobState.Partial ? 1 : 0),
                Message: state == JobState.Failed ? "exit 1" : null));
        }
        return step.StepId!;
    }

    [Fact]
    public async Task Backfill_with_rerun_resubmits_completed_and_failed_dates_in_few_steps_and_skips_the_running_one()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var firstStep = await SetUpMixedRangeAsync(ctx);

        var plain = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], March, DryRun: true, Trigger: "backfill"));
        Assert.Equal(["2020-03-06"], plain.Steps.Select(s => s.Range.ToString()));
        Assert.Empty(plain.Reruns);

        var dry = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], March, DryRun: true, Trigger: "backfill", Rerun: true));
        Assert.Equal(["2020-03-01..2020-03-06", "2020-03-08..2020-03-10"], dry.Steps.Select(s => s.Range.ToString()));
        Assert.Equal(8, dry.DatesRerun);
        Assert.DoesNotContain(dry.Reruns, r => r.Date == FailedDay || r.Date == RunningDay);
        Assert.Equal(JobState.Partial, dry.Reruns.Single(r => r.Date == PartialDay).PreviousState);
        Assert.Empty(await ctx.Ledger.QueryByStateAsync(JobState.Submitted));
        Assert.Equal(1, ctx.Emr.Calls("AddJobFlowSteps"));

        var report = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], March, Trigger: "backfill", Rerun: true));
        Assert.True(report.Rerun);
        Assert.Equal(["2020-03-01..2020-03-06", "2020-03-08..2020-03-10"], report.Steps.Select(s => s.Range.ToString()));
        Assert.Equal(9, report.DatesSubmitted);
        Assert.Equal(8, report.DatesRerun);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal((RunningDay, JobState.Running), (skipped.Date, skipped.State));
        Assert.Equal(2, ctx.Emr.Calls("AddJobFlowSteps"));
        var onCluster = await ctx.Emr.ListAllStepsAsync(report.ClusterId!);
        Assert.Equal(3, onCluster.Count);
        Assert.Contains(onCluster, s => s.Name.StartsWith(StepNames.Format("pipeline", new(2020, 3, 1), new(2020, 3, 6)) + ":", StringComparison.Ordinal));
        Assert.Contains(onCluster, s => s.Name.StartsWith(StepNames.Format("pipeline", new(2020, 3, 8), new(2020, 3, 10)) + ":", StringComparison.Ordinal));

        var items = await ctx.Ledger.GetManyAsync(March.Dates().Select(d => new JobKey("pipeline", d)).ToList());
        foreach (var day in March.Dates().Where(d => d != RunningDay))
        {
            var item = items[new JobKey("pipeline", day)];
            var step = report.Steps.Single(s => s.Range.From <= day && day <= s.Range.To);
            Assert.Equal((JobState.Submitted, 2, step.StepId), (item.State, item.Attempt, item.StepId));
            var previous = Assert.Single(item.PreviousAttempts);
            var expected = day == FailedDay ? JobState.Failed : day == PartialDay ? JobState.Partial : JobState.Succeeded;
            Assert.Equal((1, expected, firstStep), (previous.Attempt, previous.State, previous.StepId));
        }
        var running = items[new JobKey("pipeline", RunningDay)];
        Assert.Equal((JobState.Running, 1, firstStep), (running.State, running.Attempt, running.StepId));
        Assert.Empty(running.PreviousAttempts);

        // The dates just resubmitted are active now: a second re-run submits nothing.
        var again = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], March, Trigger: "backfill", Rerun: true));
        Assert.Empty(again.Steps);
        Assert.Equal(10, again.Skipped.Count);
        Assert.All(again.Skipped, s => Assert.True(s.State!.Value.IsActive()));
        Assert.Equal(2, ctx.Emr.Calls("AddJobFlowSteps"));
    }

    [Fact]
    public async Task Without_rerun_a_completed_date_is_refused_and_with_it_concurrent_launches_submit_one_step()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var day = new DateOnly(2020, 11, 9);
        var single = new DateRange(day, day);
        var first = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], single));
        var firstStep = first.Steps.Single().StepId!;
        await ctx.Tracker.TrackAsync(new(first.ClusterId!, firstStep, StepNames.Format("pipeline", day, day), "COMPLETED", null, null));

        var refused = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], single));
        Assert.Empty(refused.Steps);
        Assert.Equal(JobState.Succeeded, refused.Skipped.Single().State);

        var reports = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], single, Rerun: true)))));
        var step = Assert.Single(reports.SelectMany(r => r.Steps));
        Assert.Equal(1, reports.Sum(r => r.DatesRerun));
        Assert.All(reports.Where(r => r.Steps.Count == 0), r => Assert.True(Assert.Single(r.Skipped).State!.Value.IsActive()));
        Assert.Equal(2, (await ctx.Emr.ListAllStepsAsync(first.ClusterId!)).Count);

        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", day));
        Assert.Equal((JobState.Submitted, 2, step.StepId), (record!.State, record.Attempt, record.StepId));
        Assert.Equal((JobState.Succeeded, firstStep), (record.PreviousAttempts.Single().State, record.PreviousAttempts.Single().StepId));
    }
}
