using System.Text.Json.Nodes;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Tests;

/// <summary>Text from the ledger cannot format, link or mention in any room; links only to AWS locations built from ids (issue 14.5).</summary>
public sealed class EscapingTests
{
    private const string Crafted = "see [click](https://evil.example/x) @All <!channel> <@U012> `code` *bold*";

    private static readonly JobSnapshot Job = new()
    {
        Pk = "etl#2020-11-09", Job = "etl", DataDate = new DateOnly(2020, 11, 9), State = JobState.Failed, Attempt = 1,
        ClusterId = "j-2AXXXXXXGAPLF", StepId = "s-1K4XXXXXXXL0G", Message = Crafted,
    };

    [Fact]
    public void Chime_markdown_escapes_links_and_mentions_in_data()
    {
        var content = JsonNode.Parse(new ChimeMessageFormatter().Single(new JobTransition("1", null, Job with { Job = "etl@All" }, "us-east-1")))!["Content"]!.GetValue<string>();

        Assert.DoesNotContain("](https://evil", content, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", content, StringComparison.Ordinal);
        Assert.DoesNotContain("@All", content, StringComparison.Ordinal);
        Assert.Contains("> see \\[click\\]\\(https:\u200B//evil.example/x\\) @\u200BAll \\<\\!channel\\> \\<@\u200BU012\\> \\`code\\` \\*bold\\*", content, StringComparison.Ordinal);
        Assert.StartsWith("/md ### \u274C etl@\u200BAll", content, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_escapes_control_characters_in_every_data_field()
    {
        var job = Job with { Job = "<!channel>", ClusterId = "j-ABC`<@U1>" };
        var json = new SlackMessageFormatter().Single(new JobTransition("1", null, job, "us-east-1"));
        var texts = string.Join("\n", Strings(JsonNode.Parse(json)));

        Assert.DoesNotContain("<!channel>", texts, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U", texts, StringComparison.Ordinal);
        Assert.Contains("*Job*\n&lt;!channel&gt;", texts, StringComparison.Ordinal);
        Assert.Contains("`j-ABC\u02CB&lt;@U1&gt;`", texts, StringComparison.Ordinal);
        Assert.DoesNotContain("clusterDetails", texts, StringComparison.Ordinal); // not a cluster id: no console link built from it
    }

    /// <summary>Every string in a JSON document except the plain_text header (which Slack never reads as markup).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o when o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "header" => [],
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [Theory]
    [InlineData("https://evil.example/logs", null)]
    [InlineData("http://eu-west-1.console.aws.amazon.com/x", null)]
    [InlineData("https://console.aws.amazon.com.evil.example/x", null)]
    [InlineData("https://eu-west-1.console.aws.amazon.com/emr/home", "https://eu-west-1.console.aws.amazon.com/emr/home")]
    [InlineData("s3://Bad_Bucket/x", null)]
    [InlineData("s3://covid-logs/emr/j-1/", "https://s3.console.aws.amazon.com/s3/buckets/covid-logs?region=us-east-1&prefix=emr%2Fj-1%2F")]
    public void Log_links_are_built_from_s3_locations_or_allowed_only_to_the_aws_console(string logUri, string? expected)
    {
        Assert.Equal(expected, ConsoleLinks.Logs(Job with { LogUri = logUri }, "us-east-1")?.AbsoluteUri);
        var teams = new TeamsMessageFormatter().Single(new JobTransition("1", null, Job with { LogUri = logUri }, "us-east-1"));
        if (expected is null) Assert.DoesNotContain("\"title\":\"Logs\"", teams, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DestinationKind.Slack, "https://hooks.slack.com/services/T/B/x", true)]
    [InlineData(DestinationKind.Slack, "http://hooks.slack.com/services/T/B/x", false)]
    [InlineData(DestinationKind.Slack, "https://hooks.slack.com:8443/services/T/B/x", false)]
    [InlineData(DestinationKind.Slack, "https://hooks.slack.com.evil.example/services/x", false)]
    [InlineData(DestinationKind.Slack, "https://evil.example/hooks.slack.com", false)]
    [InlineData(DestinationKind.Teams, "https://prod-07.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x", true)]
    [InlineData(DestinationKind.Teams, "https://contoso.webhook.office.com/webhookb2/x", true)]
    [InlineData(DestinationKind.Teams, "https://default0a1b.2c.environment.api.powerplatform.com/powerautomate/automations/direct/x", true)]
    [InlineData(DestinationKind.Teams, "https://logic.azure.com.evil.example/x", false)]
    [InlineData(DestinationKind.Teams, "https://hooks.slack.com/services/x", false)]
    [InlineData(DestinationKind.Chime, "https://hooks.chime.aws/incomingwebhooks/x?token=y", true)]
    [InlineData(DestinationKind.Chime, "https://hooks.chime.aws.evil.example/x", false)]
    public void Webhooks_must_be_https_to_their_services_known_hosts(DestinationKind kind, string url, bool ok)
    {
        var problem = WebhookHosts.Problem(new Uri(url), WebhookHosts.For(kind));
        Assert.Equal(ok, problem is null);
        if (problem is not null) Assert.DoesNotContain("/services/", problem, StringComparison.Ordinal);
    }
}
