using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Tests.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Tracking;

/// <summary>
/// No date stuck: a manual run (no EMR step) that dies leaves RUNNING items; once their heartbeat lease expires, reconcile moves
/// them to FAILED (and says so only when it did), and the next launch resubmits them. A run that heartbeats is left alone.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AbandonedRunTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2020, 11, 5);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Reconcile_fails_a_manual_run_whose_lease_expired_and_reports_exactly_that()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day.AddDays(1), Lease));
        ctx.Time.Advance(TimeSpan.FromMinutes(4));
        await ctx.Ledger.ReportJobAliveAsync(new JobRunAlive("pipeline", Day.AddDays(1), Day.AddDays(1), Lease)); // only the second date heartbeats
        ctx.Time.Advance(TimeSpan.FromMinutes(2));

        var report = await ctx.Reconcile.ReconcileAsync();
        var dead = (await ctx.Ledger.GetAsync(new JobKey("pipeline", Day)))!;
        var alive = (await ctx.Ledger.GetAsync(new JobKey("pipeline", Day.AddDays(1))))!;
        Assert.Equal(JobState.Failed, dead.State);
        Assert.Contains("no heartbeat since its lease expired", dead.Message);
        Assert.Equal(JobState.Running, alive.State);

        var written = Assert.Single(report.Writes);
        Assert.Equal((new JobKey("pipeline", Day), JobState.Running, JobState.Failed), (written.Key, written.Before, written.After));
        Assert.Equal("abandoned run: RUNNING → FAILED", written.Note);
        Assert.Contains(report.Items, i => i.Key.DataDate == Day.AddDays(1) && !i.Written && i.Note.StartsWith("run without a step, alive until", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_that_reported_since_reconcile_read_it_is_not_failed_and_the_note_says_so()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease));
        ctx.Time.Advance(TimeSpan.FromMinutes(6));
        var seen = (await ctx.Ledger.GetAsync(new JobKey("pipeline", Day)))!;
        await ctx.Ledger.ReportJobAliveAsync(new JobRunAlive("pipeline", Day, Day, Lease)); // the run was only slow
        var result = await ctx.Ledger.AbandonRunAsync(seen, "test");
        Assert.False(result.Changed);
        Assert.Equal(JobState.Running, (await ctx.Ledger.GetAsync(new JobKey("pipeline", Day)))!.State);
    }

    [Fact]
    public async Task The_next_launch_resubmits_a_date_whose_manual_run_stopped_heartbeating()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        await ctx.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", Day, Day, Lease));
        ctx.Time.Advance(TimeSpan.FromMinutes(6));
        var launch = await ctx.Launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(Day, Day)));
        var step = Assert.Single(launch.Steps);
        Assert.Equal(2, step.Attempts[Day]);
    }
}
