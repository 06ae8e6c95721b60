using CovidSpark.Ledger;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;
using Microsoft.Extensions.Time.Testing;

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
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 11, 10, 5, 40, 7, TimeSpan.Zero));
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
}
