using CovidSpark.Ledger;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>The notifier reading what the real <see cref="JobLedger"/> writes: the contract of docs/ledger.md from both sides.</summary>
[Collection(MotoCollection.Name)]
public sealed class LedgerContractTests(MotoServer moto)
{
    [Fact]
    public async Task Every_state_the_ledger_writes_is_announced_once_with_its_counts()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        var clock = new ManualClock(new DateTimeOffset(2020, 11, 10, 5, 40, 7, TimeSpan.Zero), ClockTimers.OnAdvance);
        var ledger = new JobLedger(h.Table.Client, new LedgerOptions(h.Table.Name), clock);
        var key = new JobKey("pipeline", new DateOnly(2020, 11, 9));

        var claimed = await ledger.ClaimAsync(new JobClaim(key, key.DataDate, key.DataDate, "j-2AXXXXXXGAPLF"));
        await ledger.AttachStepAsync(claimed, "j-2AXXXXXXGAPLF", "s-1K4XXXXXXXL0G", "s3://covid-logs/emr/j-2AXXXXXXGAPLF/steps/s-1K4XXXXXXXL0G/");
        clock.Advance(TimeSpan.FromMinutes(1));
        await ledger.ApplyStepTransitionAsync(new StepTransition(key, "s-1K4XXXXXXXL0G", JobState.Running));
        clock.Advance(TimeSpan.FromSeconds(192));
        await ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", key.DataDate, key.DataDate, JobState.Partial, new JobCounts(1000, 990, 10)));
        await ledger.ApplyStepTransitionAsync(new StepTransition(key, "s-1K4XXXXXXXL0G", JobState.Succeeded));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var states = h.Slack.Requests.Select(r => StreamToChatTests.Slack(r).Text.Split(' ')[^1]).ToList();
        Assert.Equal(["SUBMITTED", "RUNNING", "PARTIAL"], states);
        var partial = StreamToChatTests.Slack(h.Slack.Requests[^1]);
        Assert.Equal("#ECB22E", partial.Color);
        var fields = partial.Blocks[1]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToList();
        Assert.Contains("*State*\nRUNNING \u2192 PARTIAL", fields);
        Assert.Contains("*Rows in / out*\n1,000 / 990", fields);
        Assert.Contains("*Quarantined rows*\n10", fields);
        Assert.Contains("*Step*\n`s-1K4XXXXXXXL0G`", fields);
    }
    [Fact]
    public async Task A_run_that_names_later_dates_to_refresh_says_so_with_the_command_in_slack_and_chime()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var ledger = new JobLedger(h.Table.Client, new LedgerOptions(h.Table.Name), new ManualClock(new DateTimeOffset(2020, 11, 10, 5, 40, 7, TimeSpan.Zero), ClockTimers.OnAdvance));
        var key = new JobKey("pipeline", new DateOnly(2020, 11, 3));
        await ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", key.DataDate, key.DataDate));
        // What the jobs' LedgerReporter writes after a re-run that changed 11-03 while 11-04 … 11-17 were already loaded.
        const string summary = """{"run_id":"20201110T054007Z-a1b2c3","engine":"spark","status":"SUCCEEDED","dates":"1","seconds":"41.2","refresh_from":"2020-11-04","refresh_to":"2020-11-17"}""";
        await ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", key.DataDate, key.DataDate, JobState.Succeeded, new JobCounts(3961, 4180, 0), summary));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var slack = StreamToChatTests.Slack(h.Slack.Requests[^1]);
        Assert.EndsWith("SUCCEEDED", slack.Text, StringComparison.Ordinal);
        var texts = slack.Blocks.Select(b => b!["text"]?["text"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Contains(texts, t => t.Contains("2020-11-04 \u2026 2020-11-17", StringComparison.Ordinal)
            && t.EndsWith("`covidspark backfill --from 2020-11-04 --to 2020-11-17 --rerun`", StringComparison.Ordinal));
        var chime = StreamToChatTests.ChimeContent(h.Chime.Requests[^1]);
        Assert.Contains("Refresh them: `covidspark backfill --from 2020-11-04 --to 2020-11-17 --rerun`", chime, StringComparison.Ordinal);
        // The RUNNING message before it had no manifest yet, so no refresh line.
        Assert.DoesNotContain("--rerun", StreamToChatTests.ChimeContent(h.Chime.Requests[0]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"refresh_from":"2020-11-17","refresh_to":"2020-11-04"}""")]
    [InlineData("""{"refresh_from":"11/04/2020","refresh_to":"2020-11-17"}""")]
    public async Task A_manifest_summary_without_a_readable_refresh_range_shows_no_refresh_line(string summary)
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var ledger = new JobLedger(h.Table.Client, new LedgerOptions(h.Table.Name), new ManualClock(new DateTimeOffset(2020, 11, 10, 5, 40, 7, TimeSpan.Zero), ClockTimers.OnAdvance));
        await ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", new DateOnly(2020, 11, 3), new DateOnly(2020, 11, 3), JobState.Succeeded, null, summary));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.NotEmpty(h.Chime.Requests);
        Assert.All(h.Chime.Requests, r => Assert.DoesNotContain("Refresh them", StreamToChatTests.ChimeContent(r), StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_re_run_of_a_completed_date_is_announced_as_a_new_attempt_once()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        var ledger = new JobLedger(h.Table.Client, new LedgerOptions(h.Table.Name), new ManualClock(new DateTimeOffset(2020, 11, 10, 5, 40, 7, TimeSpan.Zero), ClockTimers.OnAdvance));
        var key = new JobKey("pipeline", new DateOnly(2020, 11, 3));
        var first = await ledger.ClaimAsync(new JobClaim(key, key.DataDate, key.DataDate, "j-1"));
        await ledger.AttachStepAsync(first, "j-1", "s-1", null);
        await ledger.ApplyStepTransitionAsync(new StepTransition(key, "s-1", JobState.Succeeded));
        Assert.True((await h.DrainAsync()).Succeeded);
        var before = h.Slack.Requests.Count;

        // covidspark launch --date 2020-11-03 --rerun: the completed item becomes attempt 2.
        var again = await ledger.ClaimAsync(new JobClaim(key, key.DataDate, key.DataDate, "j-1", Rerun: true));
        await ledger.AttachStepAsync(again, "j-1", "s-2", null);
        var report = await h.DrainAsync();
        await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var sent = h.Slack.Requests.Skip(before).Select(StreamToChatTests.Slack).ToList();
        var submitted = Assert.Single(sent);
        Assert.Equal("\U0001F4E4 pipeline \u00B7 2020-11-03 \u00B7 SUBMITTED (attempt 2)", submitted.Text);
        var fields = submitted.Blocks[1]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToList();
        Assert.Contains("*State*\nSUCCEEDED \u2192 SUBMITTED", fields);
    }
}
