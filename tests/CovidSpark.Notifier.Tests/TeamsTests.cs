using System.Text;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Notifier.Transitions;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Microsoft Teams Workflows webhooks: Adaptive Cards Teams accepts, end to end through a local server playing Teams.</summary>
[Collection(MotoCollection.Name)]
public sealed class TeamsTests(MotoServer moto)
{
    /// <summary>Every element and action type of Adaptive Card schema 1.5 the formatter may use (and Teams renders).</summary>
    private static readonly HashSet<string> Version15Types =
    [
        "AdaptiveCard", "TextBlock", "RichTextBlock", "TextRun", "FactSet", "Container", "ColumnSet", "Column", "Image", "ActionSet",
        "Action.OpenUrl",
    ];

    private static readonly JobSnapshot Job = new()
    {
        Pk = "pipeline#2020-11-09", Job = "pipeline", DataDate = new DateOnly(2020, 11, 9), State = JobState.Failed, Attempt = 2,
        ClusterId = "j-2AXXXXXXGAPLF", StepId = "s-1K4XXXXXXXL0G", RowsIn = 1_234_567, RowsOut = 1_200_000, RowsQuarantined = 34,
        Duration = TimeSpan.FromSeconds(192), LogUri = "s3://covid-logs/emr/j-2AXXXXXXGAPLF/steps/s-1K4XXXXXXXL0G/",
        Message = "Step failed: **bold** [click](https://evil.example/x) <at>All</at> & more",
        RefreshFrom = new DateOnly(2020, 11, 10), RefreshTo = new DateOnly(2020, 11, 17),
    };

    [Fact]
    public void A_job_card_is_an_adaptive_card_1_5_with_the_facts_links_and_the_reason_as_plain_text()
    {
        var json = new TeamsMessageFormatter().Single(new JobTransition("1", JobState.Running, Job, "eu-west-1"));

        var card = AssertTeamsCard(json);
        var body = card["body"]!.AsArray();
        Assert.Equal("\u274C pipeline \u00B7 2020-11-09 \u00B7 FAILED (attempt 2)", body[0]!["text"]!.GetValue<string>());
        Assert.Equal("attention", body[0]!["color"]!.GetValue<string>());
        var facts = body[1]!["facts"]!.AsArray().ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("RUNNING \u2192 FAILED", facts["State"]);
        Assert.Equal("1,234,567 / 1,200,000", facts["Rows in / out"]);
        Assert.Equal("34", facts["Quarantined rows"]);
        Assert.Equal("3m 12s", facts["Duration"]);
        // The failure reason is a text run (never Markdown), so its link and mention stay inert text.
        var reason = body[2]!["items"]![0]!;
        Assert.Equal("RichTextBlock", reason["type"]!.GetValue<string>());
        Assert.Equal(Job.Message, reason["inlines"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("covidspark backfill --from 2020-11-10 --to 2020-11-17 --rerun", json, StringComparison.Ordinal);
        var actions = card["actions"]!.AsArray();
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/emr/home?region=eu-west-1#/clusterDetails/j-2AXXXXXXGAPLF", actions[0]!["url"]!.GetValue<string>());
        Assert.StartsWith("https://s3.console.aws.amazon.com/s3/buckets/covid-logs?", actions[1]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(card["msteams"]!["entities"]);
    }

    [Fact]
    public void Huge_reasons_and_big_digests_stay_under_the_28_KB_limit()
    {
        var huge = Job with { Message = new string('x', 100_000), Job = new string('j', 500) };
        AssertTeamsCard(new TeamsMessageFormatter().Single(new JobTransition("1", null, huge, "us-east-1")));

        var many = Enumerable.Range(0, 45).Select(i => new JobTransition(i.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            huge with { DataDate = huge.DataDate.AddDays(i) }, "us-east-1")).ToList();
        var digest = new TeamsMessageFormatter().Digest(many, 1, 1);
        var card = AssertTeamsCard(digest);
        var last = card["body"]!.AsArray()[^1]!["text"]!.GetValue<string>();
        Assert.Matches(@"^\u2026 and \d+ more \(see the ledger\)$", last);
    }

    [Fact]
    public void Short_values_are_escaped_for_card_markdown_and_a_mention_carries_its_entity()
    {
        var crafted = Job with { Job = "etl*[x](https://evil.example)", Message = null };
        var mention = TeamsMention.TryParse("oncall@contoso.example|On-call");
        Assert.NotNull(mention);
        var card = AssertTeamsCard(new TeamsMessageFormatter().Single(new JobTransition("1", null, crafted, "us-east-1"), mention));

        var body = card["body"]!.AsArray();
        Assert.Equal("<at>On-call</at>", body[0]!["text"]!.GetValue<string>());
        var job = body[2]!["facts"]![0]!["value"]!.GetValue<string>();
        Assert.Equal("etl\\*\\[x\\]\\(https:\u200B//evil.example\\)", job);
        var entity = card["msteams"]!["entities"]![0]!;
        Assert.Equal("mention", entity["type"]!.GetValue<string>());
        Assert.Equal("<at>On-call</at>", entity["text"]!.GetValue<string>());
        Assert.Equal("oncall@contoso.example", entity["mentioned"]!["id"]!.GetValue<string>());
        Assert.Null(TeamsMention.TryParse("id|<b>x</b>"));
        Assert.Null(TeamsMention.TryParse("no-name"));
    }

    [Fact]
    public async Task A_job_lifecycle_reaches_teams_once_per_state_change()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [NotifierHarness.TeamsRoom] };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "RUNNING");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "SUCCEEDED", LedgerTable.Finished(10, 9, 1, 2_000));

        var report = await h.DrainAsync();
        var again = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(3, report.MessagesSent);
        Assert.Equal(0, again.MessagesSent);
        Assert.Equal(3, h.Teams.Requests.Count);
        Assert.All(h.Teams.Requests, r => Assert.Equal("/" + NotifierHarness.TeamsSecretPath, r.Path));
        var titles = h.Teams.Requests.Select(r => AssertTeamsCard(r.Body)["body"]![0]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(["SUBMITTED", "RUNNING", "SUCCEEDED"], titles.Select(t => t.Split(' ')[^1]));
        Assert.DoesNotContain("TeamsSecretSig99", h.Logs.All, StringComparison.Ordinal);
    }

    /// <summary>Checks the envelope Teams Workflows accept and the card rules; returns the card.</summary>
    internal static JsonObject AssertTeamsCard(string json)
    {
        Assert.True(Encoding.UTF8.GetByteCount(json) <= TeamsMessageFormatter.MaxPayloadBytes, $"{Encoding.UTF8.GetByteCount(json)} bytes");
        var root = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("message", root["type"]!.GetValue<string>());
        var attachment = Assert.Single(root["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        var card = attachment["content"]!.AsObject();
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card["$schema"]!.GetValue<string>());
        foreach (var type in Types(card)) Assert.Contains(type, Version15Types);
        return card;
    }

    private static IEnumerable<string> Types(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? [t] : Array.Empty<string>())
            .Concat(o.Where(kv => kv.Key != "msteams").SelectMany(kv => Types(kv.Value))),
        JsonArray a => a.SelectMany(Types),
        _ => [],
    };
}
