using System.Text.RegularExpressions;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>A backfill finishing 100 jobs is coalesced into a few digest messages.</summary>
[Collection(MotoCollection.Name)]
public sealed partial class DigestTests(MotoServer moto)
{
    [Fact]
    public async Task A_hundred_finished_jobs_become_four_digests_per_room_failures_first_and_none_twice()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var terminal = new HashSet<string> { "SUCCEEDED", "FAILED" };
        h.Options = h.Options with
        {
            Destinations = [h.Options.Destinations[0] with { States = terminal }, h.Options.Destinations[1] with { States = terminal }],
        };
        var dates = Enumerable.Range(0, 100).Select(i => new DateOnly(2020, 8, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var failedDates = new HashSet<string> { dates[10], dates[50], dates[99] };
        // One writer at a time: moto (5.2.1) numbers stream records with len(records) + start, unlocked, so two concurrent writes can
        // get the same sequence number, and an iterator that resumes after the second of them reads it again (the drain then counted
        // 201 changes for 200). Real DynamoDB Streams number records uniquely; this test is about digests, not about moto's threads.
        var writers = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        await Parallel.ForEachAsync(dates, writers, async (d, _) => await h.Table.SubmitAsync("pipeline", d));
        await Parallel.ForEachAsync(dates, writers, async (d, _) =>
            await h.Table.MoveAsync("pipeline", d, failedDates.Contains(d) ? "FAILED" : "SUCCEEDED", LedgerTable.Finished(100, 99, 1, 61_000)));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(200, report.Transitions);
        Assert.Equal(8, report.MessagesSent);
        Assert.Equal(4, h.Slack.Requests.Count);
        Assert.Equal(4, h.Chime.Requests.Count);

        var slack = h.Slack.Requests.Select(StreamToChatTests.Slack).ToList();
        Assert.Equal("CovidSpark: 25 job updates (1/4): 3 \u274C FAILED, 22 \u2705 SUCCEEDED", slack[0].Text);
        Assert.Equal("#E01E5A", slack[0].Color);
        Assert.Equal("#2EB67D", slack[3].Color);
        Assert.Equal("CovidSpark: 25 job updates (4/4)", slack[3].Blocks[0]!["text"]!["text"]!.GetValue<string>());
        var slackLines = slack.SelectMany(m => m.Blocks.Skip(2).SelectMany(b => b!["text"]!["text"]!.GetValue<string>().Split('\n'))).ToList();
        Assert.Equal(100, slackLines.Count);
        Assert.All(slackLines.Take(3), l => Assert.StartsWith("\u274C *pipeline* ", l, StringComparison.Ordinal));
        Assert.Equal("\u2705 *pipeline* 2020-08-01 SUCCEEDED \u00B7 1m 01s \u00B7 1 quarantined \u00B7 <https://us-east-1.console.aws.amazon.com/emr/home?region=us-east-1#/clusterDetails/j-2AXXXXXXGAPLF|EMR>", slackLines[3]);
        Assert.Equal(dates.Order(StringComparer.Ordinal), slackLines.Select(l => DateInLine().Match(l).Value).Order(StringComparer.Ordinal));

        var chime = h.Chime.Requests.Select(StreamToChatTests.ChimeContent).ToList();
        Assert.All(chime, c => Assert.True(c.Length <= 4096));
        Assert.StartsWith("/md ### CovidSpark: 25 job updates (1/4)\n3 \u274C FAILED, 22 \u2705 SUCCEEDED\n- \u274C **pipeline** ", chime[0], StringComparison.Ordinal);
        var chimeLines = chime.SelectMany(c => c.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal))).ToList();
        Assert.Equal(100, chimeLines.Select(l => DateInLine().Match(l).Value).Distinct().Count());

        // Pace: the 4 posts to each webhook are a second apart.
        Assert.True(h.Delay.Waits.Count(w => w > TimeSpan.Zero) >= 3);

        var again = await h.DrainAsync();
        Assert.Equal(0, again.MessagesSent);
        Assert.Equal(4, h.Slack.Requests.Count);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex DateInLine();
}
