using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Launch;

[Collection(MotoCollection.Name)]
public sealed class LaunchServiceTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2020, 11, 9);

    private static LaunchRequest Single(DateOnly day, string job = "pipeline") => new([job], new DateRange(day, day));

    [Fact]
    public async Task First_launch_creates_the_cluster_then_later_launches_reuse_it()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);

        var first = await ctx.Launcher.LaunchAsync(Single(Day));
        Assert.Equal(ClusterAction.Created, first.Cluster);
        var step = Assert.Single(first.Steps);
        Assert.NotNull(step.StepId);

        var cluster = (await ctx.Emr.DescribeClusterAsync(new DescribeClusterRequest(first.ClusterId!))).Cluster;
        Assert.Equal(ctx.Config.Cluster.Name, cluster.Name);
        Assert.Contains(cluster.Tags!, t => t.Key == "covidspark:cluster" && t.Value == ctx.Config.Cluster.Name);

        var second = await ctx.Launcher.LaunchAsync(Single(Day.AddDays(1)));
        Assert.Equal(ClusterAction.Reused, second.Cluster);
        Assert.Equal(first.ClusterId, second.ClusterId);
        Assert.Equal(1, ctx.Emr.Calls("RunJobFlow"));

        var described = (await ctx.Emr.DescribeStepAsync(new DescribeStepRequest(first.ClusterId!, step.StepId!))).Step;
        // The name carries the submit token the claim recorded.
        var claim = await ctx.Ledger.GetAsync(new CovidSpark.Ledger.JobKey("pipeline", new(2020, 11, 9)));
        Assert.Equal($"covidspark:pipeline:2020-11-09:2020-11-09:{claim!.SubmitToken}", described.Name);
        Assert.Matches("^[0-9a-f]{12}$", claim.SubmitToken);
        Assert.Equal(["/opt/covidspark/covidspark-jobs", "run", "--from", "2020-11-09", "--to", "2020-11-09", "--lake", "s3://covidspark-test/lake/", "--ledger-table", ctx.LedgerContext.Table,
            "--ledger-token", claim.SubmitToken!], described.Config!.Args);

        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", Day));
        Assert.Equal((JobState.Submitted, step.StepId, first.ClusterId), (record!.State, record.StepId, record.ClusterId));
        Assert.Equal($"s3://covidspark-test/emr-logs/{first.ClusterId}/steps/{step.StepId}/", record.LogUri);
    }

    [Fact]
    public async Task Concurrent_launches_for_different_dates_create_one_cluster()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => ctx.Launcher.LaunchAsync(Single(Day.AddDays(-i))))));

        Assert.Equal(1, ctx.Emr.Calls("RunJobFlow"));
        Assert.Single(reports.Select(r => r.ClusterId).Distinct());
        Assert.Equal(1, reports.Count(r => r.Cluster == ClusterAction.Created));
        Assert.Equal(6, reports.Sum(r => r.Steps.Count));
        Assert.Equal(6, (await ctx.Emr.ListAllStepsAsync(reports[0].ClusterId!)).Count);
    }

    [Fact]
    public async Task A_job_already_submitted_running_or_succeeded_is_refused()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var first = await ctx.Launcher.LaunchAsync(Single(Day));
        var stepId = first.Steps.Single().StepId!;

        var again = await ctx.Launcher.LaunchAsync(Single(Day));
        Assert.Empty(again.Steps);
        Assert.Equal(JobState.Submitted, Assert.Single(again.Skipped).State);

        await ctx.Tracker.TrackAsync(new("j", stepId, StepNames.Format("pipeline", Day, Day), "RUNNING", null, null));
        Assert.Equal(JobState.Running, (await ctx.Launcher.LaunchAsync(Single(Day))).Skipped.Single().State);

        await ctx.Tracker.TrackAsync(new("j", stepId, StepNames.Format("pipeline", Day, Day), "COMPLETED", null, null));
        var done = await ctx.Launcher.LaunchAsync(Single(Day));
        Assert.Equal(JobState.Succeeded, done.Skipped.Single().State);
        Assert.Single(await ctx.Emr.ListAllStepsAsync(first.ClusterId!));
    }

    [Fact]
    public async Task Twenty_concurrent_launches_for_one_date_submit_exactly_one_step()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => ctx.Launcher.LaunchAsync(Single(Day)))));

        var submitted = reports.SelectMany(r => r.Steps).ToList();
        Assert.Single(submitted);
        Assert.Equal(19, reports.Count(r => r.Steps.Count == 0 && r.Skipped.Count == 1));
        var clusters = (await ctx.Emr.ListAllClustersAsync(ClusterStates.Active)).Where(c => c.Name == ctx.Config.Cluster.Name).ToList();
        var cluster = Assert.Single(clusters);
        Assert.Single(await ctx.Emr.ListAllStepsAsync(cluster.Id));
        Assert.Equal(1, ctx.Emr.Calls("AddJobFlowSteps"));
    }

    [Fact]
    public async Task Backfill_submits_one_step_per_calendar_month_and_records_every_date()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var range = new DateRange(new(2020, 1, 15), new(2020, 4, 10));
        var report = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], range, Trigger: "backfill"));

        Assert.Equal(["2020-01-15..2020-01-31", "2020-02-01..2020-02-29", "2020-03-01..2020-03-31", "2020-04-01..2020-04-10"],
            report.Steps.Select(s => s.Range.ToString()));
        Assert.Equal(87, report.DatesSubmitted);
        Assert.Equal(1, ctx.Emr.Calls("AddJobFlowSteps"));
        Assert.Equal(4, (await ctx.Emr.ListAllStepsAsync(report.ClusterId!)).Count);
        var feb = report.Steps[1];
        Assert.Equal(["--from", "2020-02-01", "--to", "2020-02-29"], feb.Args.Skip(2).Take(4));
        var submitted = await ctx.Ledger.QueryByStateAsync(JobState.Submitted, range.From, range.To);
        Assert.Equal(87, submitted.Count);
        Assert.All(submitted.Where(r => r.Key.DataDate.Month == 2), r => Assert.Equal((feb.StepId, new DateOnly(2020, 2, 1)), (r.StepId, r.RangeFrom!.Value)));

        // Re-running the backfill after February failed resubmits February only.
        await ctx.Tracker.TrackAsync(new(report.ClusterId!, feb.StepId!, StepNames.Format("pipeline", feb.Range.From, feb.Range.To), "FAILED", "boom", null));
        var rerun = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], range, Trigger: "backfill"));
        Assert.Equal("2020-02-01..2020-02-29", Assert.Single(rerun.Steps).Range.ToString());
        Assert.Equal(87 - 29, rerun.Skipped.Count);
    }

    [Fact]
    public async Task Backfill_respects_the_active_step_limit_and_reports_the_rest_as_deferred()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var seed = await ctx.Launcher.LaunchAsync(Single(new DateOnly(2019, 1, 1)));
        var filler = Enumerable.Range(0, 250).Select(i => new StepConfig($"other-{i}", new HadoopJarStepConfig("command-runner.jar", ["true"]))).ToList();
        await ctx.Emr.AddJobFlowStepsAsync(new AddJobFlowStepsRequest(seed.ClusterId!, filler));

        var range = new DateRange(new(2020, 1, 1), new(2020, 1, 10));
        var daily = new LaunchRequest(["pipeline"], range, ChunkDays: 1);
        var report = await ctx.Launcher.LaunchAsync(daily);

        Assert.Equal(251, report.ActiveStepsBefore);
        Assert.Equal(5, report.StepBudget);
        Assert.Equal(5, report.Steps.Count);
        Assert.Equal(["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10"], report.Deferred.Select(d => d.Range.ToString()));
        Assert.Equal(256, (await ctx.Emr.ListAllStepsAsync(seed.ClusterId!, StepStates.Active)).Count);
        Assert.Null(await ctx.Ledger.GetAsync(new JobKey("pipeline", new DateOnly(2020, 1, 6))));

        // When EMR finishes steps, the next run of the same backfill picks up where it stopped.
        foreach (var s in (await ctx.Emr.ListAllStepsAsync(seed.ClusterId!)).Where(s => s.Name.StartsWith("other-", StringComparison.Ordinal)))
            ctx.Emr.SetStepState(s.Id, StepStates.Completed);
        var resumed = await ctx.Launcher.LaunchAsync(daily);
        Assert.Equal(5, resumed.Steps.Count);
        Assert.Empty(resumed.Deferred);
        Assert.Equal(new DateOnly(2020, 1, 6), resumed.Steps[0].Range.From);
        Assert.Equal(5, resumed.Skipped.Count);
    }

    [Fact]
    public async Task Chunk_size_override_cuts_fixed_windows()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto, chunkDays: 7);
        var report = await ctx.Launcher.LaunchAsync(new LaunchRequest(["stats"], new DateRange(new(2020, 3, 1), new(2020, 3, 31)), DryRun: true));
        Assert.Equal(5, report.Steps.Count);
        var custom = await ctx.Launcher.LaunchAsync(new LaunchRequest(["stats"], new DateRange(new(2020, 3, 1), new(2020, 3, 31)), DryRun: true, ChunkDays: 10));
        Assert.Equal(4, custom.Steps.Count);
    }

    [Fact]
    public async Task Dry_run_changes_nothing()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var report = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline", "stats"], new DateRange(new(2020, 1, 1), new(2020, 2, 15)), DryRun: true));

        Assert.True(report.DryRun);
        Assert.Equal(ClusterAction.WouldCreate, report.Cluster);
        Assert.Equal(4, report.Steps.Count);
        Assert.All(report.Steps, s => Assert.Null(s.StepId));
        Assert.Contains(report.Steps, s => s.Args.Contains("2020-02-15"));
        Assert.Equal(0, ctx.Emr.Calls("RunJobFlow") + ctx.Emr.Calls("AddJobFlowSteps"));
        Assert.Empty(await ctx.Ledger.QueryByStateAsync(JobState.Submitted));
    }

    [Fact]
    public async Task Failed_job_is_resubmitted_keeping_the_previous_attempt()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var first = await ctx.Launcher.LaunchAsync(Single(Day));
        var firstStep = first.Steps.Single().StepId!;
        await ctx.Tracker.TrackAsync(new(first.ClusterId!, firstStep, StepNames.Format("pipeline", Day, Day), "FAILED", "Step failed with exitCode 1", null));

        var second = await ctx.Launcher.LaunchAsync(Single(Day));
        var step = Assert.Single(second.Steps);
        Assert.Equal(2, step.Attempts[Day]);
        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", Day));
        Assert.Equal((2, step.StepId), (record!.Attempt, record.StepId));
        var previous = Assert.Single(record.PreviousAttempts);
        Assert.Equal((JobState.Failed, firstStep, "Step failed with exitCode 1"), (previous.State, previous.StepId, previous.Message));
    }

    [Fact]
    public async Task Running_job_is_resubmitted_only_when_its_step_is_no_longer_active()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var first = await ctx.Launcher.LaunchAsync(Single(Day));
        var stepId = first.Steps.Single().StepId!;
        await ctx.Tracker.TrackAsync(new(first.ClusterId!, stepId, StepNames.Format("pipeline", Day, Day), "RUNNING", null, null));

        Assert.Empty((await ctx.Launcher.LaunchAsync(Single(Day))).Steps);

        ctx.Emr.SetStepState(stepId, StepStates.Interrupted);
        var resubmitted = await ctx.Launcher.LaunchAsync(Single(Day));
        Assert.Single(resubmitted.Steps);
        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", Day));
        Assert.Equal(2, record!.Attempt);
        Assert.Equal(JobState.Failed, record.PreviousAttempts.Single().State);

        var newStep = resubmitted.Steps.Single().StepId!;
        ctx.Emr.SetStepState(newStep, StepStates.Completed);
        await ctx.Tracker.TrackAsync(new(first.ClusterId!, newStep, StepNames.Format("pipeline", Day, Day), "RUNNING", null, null));
        var reconciledInstead = await ctx.Launcher.LaunchAsync(Single(Day));
        Assert.Empty(reconciledInstead.Steps);
        Assert.Equal(JobState.Succeeded, reconciledInstead.Skipped.Single().State);
    }

    [Fact]
    public async Task Abandoned_claim_is_replaced_after_the_grace_period()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var key = new JobKey("pipeline", Day);
        await ctx.Ledger.ClaimAsync(new JobClaim(key, Day, Day));

        Assert.Empty((await ctx.Launcher.LaunchAsync(Single(Day))).Steps);
        ctx.Time.Advance(TimeSpan.FromMinutes(11));
        var report = await ctx.Launcher.LaunchAsync(Single(Day));
        Assert.Equal(2, report.Steps.Single().Attempts[Day]);
    }

    [Fact]
    public async Task Failed_submission_releases_the_claims_as_failed()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        await ctx.Launcher.LaunchAsync(Single(Day.AddDays(-1)));
        ctx.Emr.Fault = op => op == "AddJobFlowSteps"
            ? new AwsServiceException("elasticmapreduce", op, System.Net.HttpStatusCode.BadRequest, "ValidationException", "Maximum number of active steps exceeded", "r-1", 1)
            : null;

        var report = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(Day, Day.AddDays(1))));

        Assert.Empty(report.Steps);
        Assert.Single(report.Failures);
        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", Day));
        Assert.Equal(JobState.Failed, record!.State);
        Assert.Contains("Maximum number of active steps", record.Message);

        ctx.Emr.Fault = _ => null;
        Assert.Single((await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(Day, Day.AddDays(1))))).Steps);
    }

    [Fact]
    public async Task Transient_mode_starts_a_cluster_with_the_steps()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto, mode: "transient");
        var report = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(new(2020, 4, 20), new(2020, 5, 10))));

        Assert.Equal(ClusterAction.Created, report.Cluster);
        Assert.Equal(2, report.Steps.Count);
        Assert.Equal(0, ctx.Emr.Calls("AddJobFlowSteps"));
        var steps = await ctx.Emr.ListAllStepsAsync(report.ClusterId!);
        Assert.Equal(report.Steps.Select(s => s.StepId).Order(), steps.Select(s => s.Id).Order());
        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", new DateOnly(2020, 5, 3)));
        Assert.Equal(report.Steps.Single(s => s.Range.From.Month == 5).StepId, record!.StepId);

        var next = await ctx.Launcher.LaunchAsync(Single(new DateOnly(2020, 6, 1)));
        Assert.NotEqual(report.ClusterId, next.ClusterId);
    }

    [Fact]
    public async Task Future_dates_unknown_jobs_and_overlong_ranges_are_refused_before_any_call()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        await Assert.ThrowsAsync<InvalidDateRangeException>(() => ctx.Launcher.LaunchAsync(Single(new DateOnly(2021, 1, 1))));
        await Assert.ThrowsAsync<CovidSpark.Launcher.Config.UnknownJobException>(() => ctx.Launcher.LaunchAsync(Single(Day, "nope")));
        await Assert.ThrowsAsync<InvalidDateRangeException>(() => ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(new(2017, 1, 1), new(2020, 12, 31)))));
        Assert.Equal(0, ctx.Emr.TotalCalls);
    }

    [Fact]
    public void Schedule_launches_yesterday_in_utc()
    {
        var config = CovidSpark.Launcher.Config.EmrConfigLoader.Parse(TestConfigs.Json("c"));
        var request = LaunchRequest.ForSchedule(config, new DateTimeOffset(2020, 11, 10, 0, 30, 0, TimeSpan.FromHours(2)));
        Assert.Equal(new DateRange(new(2020, 11, 8), new(2020, 11, 8)), request.Range);
        Assert.Equal(["pipeline"], request.Jobs);
    }
}
