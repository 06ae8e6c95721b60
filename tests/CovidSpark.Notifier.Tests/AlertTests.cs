using Amazon.DynamoDBv2.Model;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Alerts people act on: first failure vs repeats, mentions only where they help, backfills as one summary, missing runs.</summary>
[Collection(MotoCollection.Name)]
public sealed class AlertTests(MotoServer moto)
{
    private const string Mention = "subteam:S0ONCALL1";
    private const string MentionTag = "<!subteam^S0ONCALL1>";

    [Fact]
    public async Task Repeat_failures_are_replies_in_the_dates_thread_and_only_the_first_and_the_exhausted_one_mention()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0] with { Mention = Mention }], MaxAttempts = 3 };
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await ResubmitAsync(h, "pipeline", "2020-11-09", attempt);
            await h.Table.MoveAsync("pipeline", "2020-11-09", "RUNNING");
            await h.Table.MoveAsync("pipeline", "2020-11-09", "FAILED", LedgerTable.Finished(1, 0, 0, 10, message: $"boom {attempt}"));
        }

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var root = Assert.Single(api.Messages, m => m.ThreadTs is null);
        Assert.EndsWith("FAILED \u00B7 retries exhausted (attempt 3)", root.Text, StringComparison.Ordinal);
        var replies = api.Messages.Where(m => m.ThreadTs == root.Ts).ToList();
        Assert.Equal(["reason", "retry", "reason", "retry", "reason"], replies.Select(r => r.Key!.Split('#')[^1]));
        var reasons = replies.Where(r => r.Key!.EndsWith("#reason", StringComparison.Ordinal)).ToList();
        Assert.Equal([true, false, true], reasons.Select(r => r.Text.StartsWith(MentionTag, StringComparison.Ordinal)));
        Assert.Equal([true, false, true], reasons.Select(r => r.Broadcast));
        Assert.Contains("failed again", reasons[1].Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("retries exhausted", reasons[2].Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.Messages.Where(m => !m.Key!.EndsWith("#reason", StringComparison.Ordinal)), m => m.Text.Contains(MentionTag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backfill_of_30_dates_is_one_summary_message_updated_in_place_not_30()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await using var api = new SlackApiServer();
        h.UseSlackBot(api);
        var dates = Enumerable.Range(0, 30).Select(i => new DateOnly(2020, 3, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var d in dates) await SubmitRangeAsync(h, "pipeline", d, "2020-03-01", "2020-03-30");
        var submitted = await h.DrainAsync();
        foreach (var d in dates)
        {
            await h.Table.MoveAsync("pipeline", d, "RUNNING");
            await h.Table.MoveAsync("pipeline", d, d == "2020-03-17" ? "FAILED" : "SUCCEEDED", d == "2020-03-17" ? LedgerTable.Finished(1, 0, 0, 5, "bad file") : null);
        }
        var finished = await h.DrainAsync();

        Assert.True(submitted.Succeeded && finished.Succeeded, finished.Failure?.ToString());
        Assert.Equal(90, submitted.Transitions + finished.Transitions);
        var summary = Assert.Single(api.Messages, m => m.ThreadTs is null);
        Assert.Equal(1, api.Calls.Count(c => c.Method == "chat.postMessage" && c.Body["thread_ts"] is null));
        Assert.InRange(api.CallsOf("chat.update"), 1, 2);
        var text = summary.Body["attachments"]![0]!["blocks"]![0]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains("Backfill pipeline 2020-03-01 \u2026 2020-03-30: 30/30 finished", text, StringComparison.Ordinal);
        Assert.Contains("1 \u274C FAILED \u00B7 29 \u2705 SUCCEEDED", text, StringComparison.Ordinal);
        Assert.Contains("Failed: 2020-03-17", text, StringComparison.Ordinal);
        var reply = Assert.Single(api.Messages, m => m.ThreadTs == summary.Ts);
        Assert.Contains("bad file", reply.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_mentions_only_on_the_first_failure_of_a_date()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with
        {
            Destinations = [NotifierHarness.TeamsRoom with { Mention = "oncall@contoso.example|On-call", States = new HashSet<string> { "FAILED" } }],
            MaxAttempts = 5,
        };
        await ResubmitAsync(h, "etl", "2020-11-09", 1);
        await h.Table.MoveAsync("etl", "2020-11-09", "FAILED");
        await ResubmitAsync(h, "etl", "2020-11-09", 2);
        await h.Table.MoveAsync("etl", "2020-11-09", "FAILED");

        Assert.True((await h.DrainAsync()).Succeeded);

        var cards = h.Teams.Requests.Select(r => TeamsTests.AssertTeamsCard(r.Body)).ToList();
        Assert.Equal(2, cards.Count);
        Assert.NotNull(cards[0]["msteams"]!["entities"]);
        Assert.Null(cards[1]["msteams"]!["entities"]);
        Assert.EndsWith("FAILED again (attempt 2)", cards[1]["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daily_run_without_success_by_the_configured_hour_is_alerted_once()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { MissingRun = new MissingRunOptions(7, ["pipeline", "stats"]) };
        await h.Table.SubmitAsync("stats", "2020-11-09");
        await h.Table.MoveAsync("stats", "2020-11-09", "SUCCEEDED");
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        var early = await h.Builder().BuildMissingRunCheck().RunAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromHours(1)); // 07:00 UTC, the configured hour
        var json = await h.Function().HandleJsonAsync("""{"version":"0","detail-type":"Scheduled Event","source":"aws.events","time":"2020-11-10T07:00:00Z","detail":{}}""", CancellationToken.None);
        var again = await h.Builder().BuildMissingRunCheck().RunAsync(CancellationToken.None);

        Assert.False(early.Due);
        Assert.Equal("""{"date":"2020-11-09","due":true,"missing":[{"job":"pipeline","state":"SUBMITTED"}],"alertsSent":2}""", json);
        Assert.Equal(0, again.Sent);
        var slack = Assert.Single(h.Slack.Requests);
        Assert.Contains("Daily run missing: pipeline 2020-11-09", slack.Body, StringComparison.Ordinal);
        Assert.Single(h.Chime.Requests);
    }

    [Fact]
    public void Mentions_max_attempts_and_the_missing_run_check_are_configured_and_checked()
    {
        var o = NotifierConfigLoader.Parse("""
            { "maxAttempts": 4, "missingRun": { "hourUtc": 9, "jobs": ["pipeline"] },
              "destinations": [ { "name": "team", "type": "slack", "webhook": "env:S", "mention": "here" },
                                { "name": "ops", "type": "teams", "webhook": "env:T", "mention": "oncall@contoso.example|On-call" } ] }
            """, "notify.json");
        Assert.Equal(4, o.MaxAttempts);
        Assert.Equal(9, o.MissingRun!.HourUtc);
        Assert.Equal(["here", "oncall@contoso.example|On-call"], o.Destinations.Select(d => d.Mention));

        var e = Assert.Throws<NotifierConfigException>(() => NotifierConfigLoader.Parse("""
            { "missingRun": { "hourUtc": 25 }, "destinations": [ { "name": "team", "type": "slack", "webhook": "env:S", "mention": "@everyone" },
                                                                 { "name": "old", "type": "chime", "webhook": "env:C", "mention": "here" } ] }
            """, "notify.json"));
        Assert.Equal(
        [
            "destinations[0] ('team'): 'mention': a Slack mention is 'here', 'channel', 'subteam:<user group id>' or 'user:<user id>'",
            "destinations[1] ('old'): 'mention': Chime rooms take no mentions",
            "'missingRun': the hour must be a whole number from 0 to 23 (UTC)",
        ], e.Problems);
    }

    /// <summary>The launcher (re)submits attempt <paramref name="attempt"/>: earlier attempts all FAILED, kept in previous_attempts.</summary>
    private static Task ResubmitAsync(NotifierHarness h, string job, string date, int attempt) => h.Table.Client.PutItemAsync(new PutItemRequest
    {
        TableName = h.Table.Name,
        Item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = LedgerTable.S(LedgerTable.Pk(job, date)), ["job"] = LedgerTable.S(job), ["data_date"] = LedgerTable.S(date),
            ["state"] = LedgerTable.S("SUBMITTED"), ["version"] = LedgerTable.N(attempt * 3), ["attempt"] = LedgerTable.N(attempt),
            ["range_from"] = LedgerTable.S(date), ["range_to"] = LedgerTable.S(date),
            ["previous_attempts"] = new AttributeValue
            {
                L = [.. Enumerable.Range(1, attempt - 1).Select(a => new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue> { ["attempt"] = LedgerTable.N(a), ["state"] = LedgerTable.S("FAILED") },
                })],
            },
        },
    });

    /// <summary>A backfill step's item: one date of a step covering <paramref name="from"/>..<paramref name="to"/>.</summary>
    private static Task SubmitRangeAsync(NotifierHarness h, string job, string date, string from, string to) => h.Table.Client.PutItemAsync(new PutItemRequest
    {
        TableName = h.Table.Name,
        Item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = LedgerTable.S(LedgerTable.Pk(job, date)), ["job"] = LedgerTable.S(job), ["data_date"] = LedgerTable.S(date),
            ["state"] = LedgerTable.S("SUBMITTED"), ["version"] = LedgerTable.N(1), ["attempt"] = LedgerTable.N(1),
            ["cluster_id"] = LedgerTable.S("j-2AXXXXXXGAPLF"), ["step_id"] = LedgerTable.S("s-BACKFILL0001"),
            ["range_from"] = LedgerTable.S(from), ["range_to"] = LedgerTable.S(to),
        },
    });
}
