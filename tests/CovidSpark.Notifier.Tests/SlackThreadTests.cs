using Amazon.DynamoDBv2.Model;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Slack with a bot token: one thread per run against a local server playing the Slack Web API.</summary>
[Collection(MotoCollection.Name)]
public sealed class SlackThreadTests(MotoServer moto)
{
    [Fact]
    public async Task A_run_is_one_thread_whose_state_line_is_updated_in_place()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "RUNNING");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "SUCCEEDED", LedgerTable.Finished(100, 90, 0, 1_000));
        await h.Table.SubmitAsync("pipeline", "2020-11-10");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(4, report.MessagesSent);
        Assert.Equal(2, api.CallsOf("chat.postMessage"));
        Assert.Equal(2, api.CallsOf("chat.update"));
        Assert.Equal(2, api.Messages.Count);
        var run = api.Messages[0];
        Assert.Equal(NotifierHarness.Channel, run.Channel);
        Assert.Null(run.ThreadTs);
        Assert.Equal("\u2705 pipeline \u00B7 2020-11-09 \u00B7 SUCCEEDED", run.Text);
        Assert.Contains("2020-11-10", api.Messages[1].Text, StringComparison.Ordinal);
        var mark = await Mark(h, "notify#pipeline#2020-11-09#1#SUCCEEDED#team");
        Assert.Equal("SENT", mark["mark_status"].S);
        Assert.Equal(run.Ts, mark["ts"].S);
        Assert.All(api.Calls.Where(c => c.Method == "chat.postMessage"), c => Assert.Equal("covidspark_notification", c.Body["metadata"]!["event_type"]!.GetValue<string>()));

        var again = await h.DrainAsync();
        Assert.Equal(0, again.MessagesSent);
        Assert.Equal(4, api.Calls.Count);
    }

    [Fact]
    public async Task The_failure_reason_is_a_reply_in_the_thread_and_data_text_cannot_mention_or_link()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        await h.Table.SubmitAsync("stats", "2020-11-09");
        await h.Table.MoveAsync("stats", "2020-11-09", "FAILED", LedgerTable.Finished(10, 0, 0, 850, message: "<!here> boom & <https://evil.example|click>"));

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var root = Assert.Single(api.Messages, m => m.ThreadTs is null);
        var reply = Assert.Single(api.Messages, m => m.ThreadTs is not null);
        Assert.Equal(root.Ts, reply.ThreadTs);
        Assert.EndsWith("FAILED", root.Text, StringComparison.Ordinal);
        var text = reply.Body.ToJsonString();
        Assert.Contains("&lt;!here&gt; boom &amp; &lt;https://evil.example|click&gt;", reply.Body["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", root.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_and_the_message_posted_once()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        api.Next("chat.postMessage", () => SlackApiServer.RateLimited(7));
        api.Next("chat.postMessage", () => SlackApiServer.Json(new System.Text.Json.Nodes.JsonObject { ["ok"] = false, ["error"] = "ratelimited" }));
        await h.Table.SubmitAsync("etl", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Contains(TimeSpan.FromSeconds(7), h.Delay.Waits);
        Assert.Equal(3, api.CallsOf("chat.postMessage"));
        Assert.Single(api.Messages);
    }

    [Fact]
    public async Task A_post_answered_after_the_timeout_is_found_in_the_channel_not_posted_again()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        h.Options = h.Options with { Retry = h.Options.Retry with { AttemptTimeout = TimeSpan.FromSeconds(1), AnswerTimeout = TimeSpan.FromSeconds(1) } };
        api.SlowNext("chat.postMessage", TimeSpan.FromSeconds(3));
        await h.Table.SubmitAsync("etl", "2020-11-09");
        var builder = h.Builder();
        builder.Time = TimeProvider.System;
        builder.Delay = null;

        var report = await builder.BuildDrainer(h.Streams).DrainAsync(h.Table.Name, CancellationToken.None);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var root = Assert.Single(api.Messages);
        Assert.Equal(1, api.CallsOf("chat.postMessage"));
        Assert.Equal(1, api.CallsOf("conversations.history"));
        Assert.Equal(root.Ts, (await Mark(h, "notify#etl#2020-11-09#1#SUBMITTED#team"))["ts"].S);
        Assert.Contains(h.Logs.Lines, l => l.Contains($"[{NotifierEventIds.ConfirmedArrival}]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_crash_between_post_and_mark_the_message_is_adopted_not_posted_again()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        const string key = "notify#etl#2020-11-09#1#SUBMITTED#team";
        // The crashed sender: its claim (lease run out) and the message it had posted, carrying the key as metadata.
        await h.Table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = h.Table.Name,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = LedgerTable.S(key),
                ["mark_status"] = LedgerTable.S("SENDING"),
                ["claim_owner"] = LedgerTable.S("drain:crashed:1"),
                ["claimed_until"] = LedgerTable.N(h.Time.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds()),
            },
        });
        var posted = api.Seed(NotifierHarness.Channel, null, key, "posted before the crash");
        await h.Table.SubmitAsync("etl", "2020-11-09");
        await h.Table.MoveAsync("etl", "2020-11-09", "RUNNING");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(0, api.CallsOf("chat.postMessage"));
        Assert.Equal(1, api.CallsOf("chat.update"));
        var root = Assert.Single(api.Messages);
        Assert.Equal(posted, root.Ts);
        Assert.EndsWith("RUNNING", root.Text, StringComparison.Ordinal);
        Assert.Equal(posted, (await Mark(h, key))["ts"].S);
    }

    [Fact]
    public async Task The_bot_token_and_webhook_urls_never_reach_logs_or_errors()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api, token: "xoxb-9999-WrongButSecretToken");
        await h.Table.SubmitAsync("etl", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.False(report.Succeeded);
        Assert.Contains("Slack answered 'invalid_auth'", report.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WrongButSecretToken", h.Logs.All + report.Failure, StringComparison.Ordinal);
        Assert.Contains("Bearer xoxb-9999-WrongButSecretToken", api.Server.Requests[0].Headers["Authorization"], StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, AttributeValue>> Mark(NotifierHarness h, string pk) =>
        (await h.Table.Client.GetItemAsync(h.Table.Name, new Dictionary<string, AttributeValue> { ["pk"] = LedgerTable.S(pk) })).Item;
}
