using System.Text.Json;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Real ledger writes in moto → stream → local poller → handler → local Slack and Chime servers.</summary>
[Collection(MotoCollection.Name)]
public sealed class StreamToChatTests(MotoServer moto)
{
    [Fact]
    public async Task A_job_lifecycle_reaches_slack_and_chime_once_per_state_change_with_every_field()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "RUNNING", new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> { ["started_at"] = LedgerTable.S("2020-11-10T05:41:00Z") });
        await h.Table.TouchAsync("pipeline", "2020-11-09");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "SUCCEEDED", LedgerTable.Finished(1_234_567, 1_200_000, 34, 192_000));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(3, report.Transitions);
        Assert.Equal(6, report.MessagesSent);
        Assert.Equal(3, h.Slack.Requests.Count);
        Assert.Equal(3, h.Chime.Requests.Count);
        Assert.All(h.Slack.Requests, r => Assert.Equal("/" + NotifierHarness.SlackSecretPath, r.Path));
        Assert.All(h.Slack.Requests, r => Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal));
        Assert.Equal(["SUBMITTED", "RUNNING", "SUCCEEDED"], h.Slack.Requests.Select(r => Slack(r).Text.Split(' ')[^1]));

        var slack = Slack(h.Slack.Requests[2]);
        Assert.Equal("\u2705 pipeline \u00B7 2020-11-09 \u00B7 SUCCEEDED", slack.Text);
        Assert.Equal("#2EB67D", slack.Color);
        Assert.Equal("header", slack.Blocks[0]!["type"]!.GetValue<string>());
        Assert.Equal("\u2705 pipeline \u00B7 2020-11-09 \u00B7 SUCCEEDED", slack.Blocks[0]!["text"]!["text"]!.GetValue<string>());
        var fields = slack.Blocks[1]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(
        [
            "*Job*\npipeline",
            "*Data date*\n2020-11-09",
            "*State*\nRUNNING \u2192 SUCCEEDED",
            "*Attempt*\n1",
            "*Cluster*\n`j-2AXXXXXXGAPLF`",
            "*Step*\n`s-1K4XXXXXXXL0G`",
            "*Duration*\n3m 12s",
            "*Rows in / out*\n1,234,567 / 1,200,000",
            "*Quarantined rows*\n34",
        ], fields);
        var buttons = slack.Blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal("EMR step s-1K4XXXXXXXL0G", buttons[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("https://us-east-1.console.aws.amazon.com/emr/home?region=us-east-1#/clusterDetails/j-2AXXXXXXGAPLF", buttons[0]!["url"]!.GetValue<string>());
        Assert.Equal("Logs", buttons[1]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("https://s3.console.aws.amazon.com/s3/buckets/covid-logs?region=us-east-1&prefix=emr%2Fj-2AXXXXXXGAPLF%2Fsteps%2Fs-1K4XXXXXXXL0G%2F",
            buttons[1]!["url"]!.GetValue<string>());

        var submitted = Slack(h.Slack.Requests[0]);
        Assert.Equal("#1D9BD1", submitted.Color);
        Assert.Contains("*State*\nSUBMITTED", submitted.Blocks[1]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()));

        var chime = ChimeContent(h.Chime.Requests[2]);
        Assert.Equal("/" + NotifierHarness.ChimeSecretPath, h.Chime.Requests[2].Path);
        var lines = chime.Split('\n');
        Assert.Equal("/md ### \u2705 pipeline \u00B7 2020-11-09 \u00B7 SUCCEEDED", lines[0]);
        Assert.Equal("**State:** RUNNING \u2192 SUCCEEDED \u00B7 **Attempt:** 1", lines[1]);
        Assert.Equal("**Cluster:** j-2AXXXXXXGAPLF \u00B7 **Step:** s-1K4XXXXXXXL0G", lines[2]);
        Assert.Equal("**Duration:** 3m 12s", lines[3]);
        Assert.Equal("**Rows in / out:** 1,234,567 / 1,200,000", lines[4]);
        Assert.Equal("**Quarantined rows:** 34", lines[5]);
        Assert.Equal("> progress 50%", lines[6]);
        Assert.Equal("[EMR step s-1K4XXXXXXXL0G](https://us-east-1.console.aws.amazon.com/emr/home?region=us-east-1#/clusterDetails/j-2AXXXXXXGAPLF) \u00B7 "
            + "[Logs](https://s3.console.aws.amazon.com/s3/buckets/covid-logs?region=us-east-1&prefix=emr%2Fj-2AXXXXXXGAPLF%2Fsteps%2Fs-1K4XXXXXXXL0G%2F)", lines[7]);
        Assert.Equal(8, lines.Length);
    }

    [Fact]
    public async Task A_failure_message_carries_the_reason_and_the_red_colour()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await h.Table.SubmitAsync("stats", "2020-11-09", attempt: 2);
        await h.Table.MoveAsync("stats", "2020-11-09", "FAILED", LedgerTable.Finished(10, 0, 0, 850, message: "Step failed: <OutOfMemoryError> in stage 3 & 4"));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded);
        var slack = Slack(h.Slack.Requests[^1]);
        Assert.Equal("\u274C stats \u00B7 2020-11-09 \u00B7 FAILED (attempt 2)", slack.Text);
        Assert.Equal("#E01E5A", slack.Color);
        Assert.Contains("*Duration*\n850 ms", slack.Blocks[1]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()));
        Assert.Contains(slack.Blocks, b => b!["type"]!.GetValue<string>() == "section" && b["text"]?["text"]?.GetValue<string>() == "> Step failed: &lt;OutOfMemoryError&gt; in stage 3 &amp; 4");
        var chime = ChimeContent(h.Chime.Requests[^1]);
        Assert.Contains("\n> Step failed: \\<OutOfMemoryError\\> in stage 3 & 4\n", chime, StringComparison.Ordinal);
        Assert.Contains("**Attempt:** 2", chime, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_resumes_from_its_checkpoint_and_ignores_removals_and_the_notifiers_own_items()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await h.Table.SubmitAsync("etl", "2020-11-01");
        var first = await h.DrainAsync();
        Assert.Equal(1, first.Transitions);

        var again = await h.DrainAsync();
        Assert.True(again.Succeeded);
        Assert.Equal(0, again.Transitions);
        Assert.Equal(0, again.MessagesSent);

        await h.Table.DeleteAsync("etl", "2020-11-01");
        await h.Table.SubmitAsync("etl", "2020-11-02");
        var third = await h.DrainAsync();

        Assert.Equal(1, third.Transitions);
        Assert.Equal(0, third.AlreadySent);
        Assert.Equal(2, h.Slack.Requests.Count);
        Assert.Contains("2020-11-02", Slack(h.Slack.Requests[1]).Text, StringComparison.Ordinal);
        var checkpoints = await h.Table.Client.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest { TableName = h.Table.Name });
        Assert.Contains(checkpoints.Items, i => i["pk"].S.StartsWith("checkpoint#notify#", StringComparison.Ordinal));
        Assert.Contains(checkpoints.Items, i => i["pk"].S == "notify#etl#2020-11-02#1#SUBMITTED#team" && i["mark_status"].S == "SENT");
    }

    [Fact]
    public async Task Routing_sends_each_state_only_where_it_is_wanted()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with
        {
            Destinations =
            [
                h.Options.Destinations[0] with { States = new HashSet<string> { "SUCCEEDED", "FAILED" } },
                h.Options.Destinations[1] with { States = new HashSet<string> { "FAILED" } },
            ],
        };
        await h.Table.SubmitAsync("pipeline", "2020-11-03");
        await h.Table.MoveAsync("pipeline", "2020-11-03", "SUCCEEDED");
        await h.Table.SubmitAsync("cluster", "2020-11-03");
        await h.Table.MoveAsync("cluster", "2020-11-03", "FAILED");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded);
        Assert.Equal(["SUCCEEDED", "FAILED"], h.Slack.Requests.Select(r => Slack(r).Text.Split(' ')[^1]));
        var chime = Assert.Single(h.Chime.Requests);
        Assert.StartsWith("/md ### \u274C cluster \u00B7 2020-11-03 \u00B7 FAILED", ChimeContent(chime), StringComparison.Ordinal);
    }

    internal sealed record SlackMessage(string Text, string Color, JsonArray Blocks);

    internal static SlackMessage Slack(RecordedRequest r)
    {
        var root = JsonNode.Parse(r.Body)!;
        var attachment = root["attachments"]!.AsArray().Single()!;
        return new SlackMessage(root["text"]!.GetValue<string>(), attachment["color"]!.GetValue<string>(), attachment["blocks"]!.AsArray());
    }

    internal static string ChimeContent(RecordedRequest r)
    {
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Single(doc.RootElement.EnumerateObject());
        return doc.RootElement.GetProperty("Content").GetString()!;
    }
}
