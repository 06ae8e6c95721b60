using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using CovidSpark.Notifier.Hosting;
using CovidSpark.Rehearsal.Hosting;
using CovidSpark.Rehearsal.Timeline;
using CovidSpark.Testing;

namespace CovidSpark.Rehearsal.Tests;

/// <summary>The rehearsal against a real moto_server and the real jobs binary; the ledger is checked independently of the report.</summary>
[Collection(RehearsalCollection.Name)]
public sealed class RehearsalEndToEndTests(RehearsalRun run)
{
    private static readonly DateOnly[] Dates = [RehearsalRun.From, RehearsalRun.To];

    private AwsClientOptions Aws => MotoAws.Options(run.Moto, AwsRetryPolicy.Default);

    [Fact]
    public void The_rehearsal_passes_with_no_problem()
    {
        Assert.True(run.Report.Passed, string.Join(Environment.NewLine, run.Report.Problems));
        Assert.Equal(Dates, run.Report.Jobs.Select(j => j.Date));
    }

    [Fact]
    public async Task Every_date_ends_SUCCEEDED_or_PARTIAL_in_the_ledger_with_counts()
    {
        await using var handle = JobLedgerFactory.Open(run.Report.Table, Aws);
        foreach (var date in Dates)
        {
            var record = await handle.Ledger.GetAsync(new JobKey("pipeline", date));
            Assert.NotNull(record);
            Assert.Contains(record.State, new[] { JobState.Succeeded, JobState.Partial });
            // The first date was re-issued and re-run.
            Assert.Equal(date == RehearsalRun.From ? 2 : 1, record.Attempt);
            Assert.NotNull(record.StepId);
            Assert.True(record.Counts is { RowsIn: > 0, RowsOut: > 0 }, $"{date}: counts {record.Counts}");
        }
    }

    [Fact]
    public void The_webhook_got_exactly_one_message_per_state_change()
    {
        // Three per attempt: the re-run first date had two attempts.
        Assert.Equal(Dates.Length * 3 + 3, run.Report.NotificationsExpected);
        Assert.Equal(run.Report.NotificationsExpected, run.Report.NotificationsReceived);
        foreach (var job in run.Report.Jobs)
        {
            var attempts = job.Date == RehearsalRun.From ? 2 : 1;
            Assert.Equal(attempts, job.Notifications["SUBMITTED"]);
            Assert.Equal(attempts, job.Notifications["RUNNING"]);
            Assert.True(job.Notifications[job.State] >= 1);
            Assert.Equal(3 * attempts, job.Notifications.Values.Sum());
        }
    }

    [Fact]
    public async Task The_reissued_date_runs_again_and_names_the_later_date_to_refresh()
    {
        Assert.Contains(run.Report.Timeline, e => e.Actor == Actors.Rehearsal && e.Date == RehearsalRun.From && e.Text.StartsWith("JHU re-issues", StringComparison.Ordinal));
        await using var handle = JobLedgerFactory.Open(run.Report.Table, Aws);
        var record = await handle.Ledger.GetAsync(new JobKey("pipeline", RehearsalRun.From));
        Assert.NotNull(record);
        var first = Assert.Single(record.PreviousAttempts);
        Assert.Contains(first.State, new[] { JobState.Succeeded, JobState.Partial });
        Assert.NotEqual(first.StepId, record.StepId);
        // The job itself found that the later date took its new cases from the old report, and said so in the ledger.
        Assert.Contains($"\"refresh_from\":\"{RehearsalRun.To:yyyy-MM-dd}\"", record.Manifest);
        // The message asking for the refresh is checked by the rehearsal itself (no problem reported).
        Assert.DoesNotContain(run.Report.Problems, p => p.Contains("refresh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_drain_afterwards_posts_nothing()
    {
        // Fresh Teams and Slack servers under the same room names: the sent marks and thread items keep the drain from posting.
        using var aws = new LocalAws(run.Moto.Endpoint, MotoServer.Region, TimeProvider.System);
        await using var rooms = await ChatRooms.StartAsync(aws.Ssm, "again", TimeProvider.System, new RehearsalTimeline(TimeProvider.System), CancellationToken.None);
        using var notifier = NotifierRuntime.Create(run.Report.Table, rooms.NotifierOptions(), Aws, environment: rooms.Environment);
        var drain = await notifier.Drainer().DrainAsync(run.Report.Table, CancellationToken.None);
        Assert.True(drain.Succeeded, drain.Failure?.Message);
        Assert.Equal(0, drain.MessagesSent);
        Assert.Empty(rooms.Teams.Posts);
        Assert.Equal(0, rooms.SlackWrites);
        Assert.Contains(run.Report.Timeline, e => e.Kind == EventKinds.Drain && e.Text.Contains("second", StringComparison.Ordinal) && e.Text.Contains(" 0 message(s) posted", StringComparison.Ordinal));
    }

    [Fact]
    public void Slack_got_one_thread_per_run_updated_in_place_and_Teams_one_card_per_change()
    {
        foreach (var job in run.Report.Jobs)
        {
            var runs = job.Date == RehearsalRun.From ? 2 : 1; // a re-run of a completed date opens a new thread
            Assert.Equal(runs, job.SlackThreads.Count);
            Assert.All(job.SlackThreads, t => Assert.Equal(["SUBMITTED", "RUNNING"], t.States.Take(2)));
            Assert.Equal(job.State, job.SlackThreads[^1].States[^1]);
            Assert.All(job.SlackThreads, t => Assert.Equal(2, t.Updates));
        }
        var slack = run.Report.Rooms.Single(r => r.Room == "slack").Received;
        Assert.Equal(3, slack["thread parents"]);
        Assert.Equal(6, slack["updates"]);
        Assert.Equal(1, slack["429 answers"]);
        Assert.Equal(0, slack["refused"]);
        Assert.True(slack["replies"] >= 1, "the re-run's thread has the refresh reply");
        Assert.Equal(run.Report.NotificationsReceived, run.Report.Rooms.Single(r => r.Room == "teams").Received["cards"]);
        Assert.Contains(run.Report.Timeline, e => e.Actor == Actors.Slack && e.Text.Contains("429 Retry-After: 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_launch_of_the_same_dates_is_refused()
    {
        Assert.Equal(Dates.Length, run.Report.DuplicatesRefused);
        var refused = run.Report.Timeline.Where(e => e.Kind == EventKinds.Refused).ToList();
        Assert.Equal(Dates, refused.Select(e => e.Date!.Value));

        var config = (await EmrConfigLoader.LoadAsync(RepoRoot.EmrConfig)) with { LedgerTable = run.Report.Table };
        using var http = new HttpClient();
        await using var handle = JobLedgerFactory.Open(run.Report.Table, Aws);
        var launcher = new LaunchService(config, new EmrClient(http, Aws), handle.Ledger, TimeProvider.System);
        var again = await launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(RehearsalRun.From, RehearsalRun.To)));
        Assert.Empty(again.Steps);
        Assert.Equal(Dates, again.Skipped.Select(s => s.Date));
    }

    [Fact]
    public void The_timeline_lists_each_date_in_order_claim_submit_run_report_notify()
    {
        var events = run.Report.Timeline;
        Assert.Equal(events.OrderBy(e => e.Time).ThenBy(e => e.Sequence), events);
        foreach (var date in Dates)
        {
            int At(string kind, string? state = null) =>
                events.Select((e, i) => (e, i)).First(x => x.e.Kind == kind && x.e.Date == date && (state is null || x.e.State == state)).i;
            var final = run.Report.Jobs.Single(j => j.Date == date).State;
            var order = new[]
            {
                At(EventKinds.Claim), At(EventKinds.StepSubmitted), At(EventKinds.Posted, "SUBMITTED"), At(EventKinds.StepRunning),
                At(EventKinds.Posted, "RUNNING"), At(EventKinds.JobReported, final), At(EventKinds.Posted, final), At(EventKinds.Refused),
            };
            Assert.Equal(order.Order(), order);
        }
        Assert.Contains(events, e => e.Actor == Actors.Tracker && e.Date == RehearsalRun.From && e.State == "RUNNING");
    }
}
