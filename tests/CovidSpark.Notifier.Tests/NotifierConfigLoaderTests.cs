using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Tests;

public sealed class NotifierConfigLoaderTests
{
    [Fact]
    public void A_configuration_file_defines_rooms_routing_and_digests()
    {
        const string json = """
            {
              // the team room gets every finished job, on-call only what needs attention
              "digestThreshold": 8,
              "region": "eu-west-1",
              "destinations": [
                { "name": "team", "type": "slack", "webhook": "ssm:/covidspark/slack/team", "states": ["SUCCEEDED", "failed", "PARTIAL", "CANCELLED"] },
                { "name": "oncall", "type": "Chime", "webhook": "env:CHIME_ONCALL_URL", "states": ["FAILED"], "minIntervalMs": 2000 },
              ]
            }
            """;
        var o = NotifierConfigLoader.Load(k => k == "COVIDSPARK_NOTIFY_CONFIG" ? "/etc/covidspark/notify.json" : null, path => path == "/etc/covidspark/notify.json" ? json : throw new FileNotFoundException(path));

        Assert.Equal(8, o.DigestThreshold);
        Assert.Equal(25, o.DigestSize);
        Assert.Equal("eu-west-1", o.DefaultRegion);
        Assert.Equal(2, o.Destinations.Count);
        var team = o.Destinations[0];
        Assert.Equal(new SecretReference(SecretSource.Ssm, "/covidspark/slack/team"), team.Webhook);
        Assert.True(team.Wants(JobState.Failed));
        Assert.False(team.Wants(JobState.Running));
        var oncall = o.Destinations[1];
        Assert.Equal(DestinationKind.Chime, oncall.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), oncall.MinInterval);
        Assert.True(oncall.Wants(JobState.Failed));
        Assert.False(oncall.Wants(JobState.Succeeded));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_a_pasted_url_is_not_echoed()
    {
        const string json = """
            { "digestSize": 1, "destinations": [
                { "name": "team room", "type": "msteams", "webhook": "https://hooks.slack.com/services/T/B/sekrit", "states": ["DONE"] },
                { "name": "x", "type": "slack", "webhook": "env:A" },
                { "name": "x", "type": "chime", "webhook": "env:B" } ] }
            """;
        var e = Assert.Throws<NotifierConfigException>(() => NotifierConfigLoader.Parse(json, "notify.json"));

        Assert.Equal(
        [
            "destinations[0] ('team room'): 'name' is required and may hold only letters, digits, '-' and '_' (at most 40)",
            "destinations[0] ('team room'): 'type' must be 'teams', 'slack' or 'chime' (Amazon Chime: end of support 2026-02-20)",
            "destinations[0] ('team room'): 'webhook': A webhook must be given as 'ssm:<parameter name>' or 'env:<VARIABLE>', never as the URL itself (the URL is a secret).",
            "destinations[0] ('team room'): 'states': unknown state 'DONE' (known: SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, PARTIAL)",
            "destination name 'x' is used 2 times; names must be unique (they key the sent marks)",
            "'digestSize' must be between 2 and 45",
        ], e.Problems);
        Assert.DoesNotContain("sekrit", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Notifier configuration (notify.json) is invalid:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_setting_is_an_error_not_silently_ignored()
    {
        var e = Assert.Throws<NotifierConfigException>(() => NotifierConfigLoader.Parse("""{ "destinatons": [] }""", "notify.json"));
        Assert.Contains("destinatons", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_file_the_environment_defines_slack_and_chime()
    {
        var env = new Dictionary<string, string>
        {
            ["COVIDSPARK_SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/T/B/x",
            ["COVIDSPARK_CHIME_WEBHOOK_PARAM"] = "/covidspark/chime",
            ["COVIDSPARK_NOTIFY_STATES"] = "FAILED, partial",
        };
        var o = NotifierConfigLoader.Load(k => env.GetValueOrDefault(k));

        Assert.Equal(["slack", "chime"], o.Destinations.Select(d => d.Name));
        Assert.Equal(new SecretReference(SecretSource.Environment, "COVIDSPARK_SLACK_WEBHOOK_URL"), o.Destinations[0].Webhook);
        Assert.Equal(new SecretReference(SecretSource.Ssm, "/covidspark/chime"), o.Destinations[1].Webhook);
        Assert.All(o.Destinations, d => Assert.Equal(new HashSet<string> { "FAILED", "PARTIAL" }, d.States));
    }

    [Fact]
    public void Teams_comes_from_its_variable_and_a_chime_room_is_accepted_with_the_end_of_support_warning()
    {
        var env = new Dictionary<string, string>
        {
            ["COVIDSPARK_TEAMS_WEBHOOK_URL"] = "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x",
            ["COVIDSPARK_CHIME_WEBHOOK_URL"] = "https://hooks.chime.aws/incomingwebhooks/x?token=y",
        };
        var o = NotifierConfigLoader.Load(k => env.GetValueOrDefault(k));

        Assert.Equal([("teams", DestinationKind.Teams), ("chime", DestinationKind.Chime)], o.Destinations.Select(d => (d.Name, d.Kind)));
        var warning = Assert.Single(o.Warnings);
        Assert.StartsWith("destination 'chime': Amazon Chime reached end of support on 2026-02-20", warning, StringComparison.Ordinal);
        Assert.Contains("Microsoft Teams", warning, StringComparison.Ordinal);

        var file = NotifierConfigLoader.Parse("""{ "destinations": [ { "name": "ops", "type": "Teams", "webhook": "ssm:/covidspark/teams/ops" } ] }""", "notify.json");
        Assert.Equal(DestinationKind.Teams, Assert.Single(file.Destinations).Kind);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void A_slack_bot_token_and_channel_make_a_thread_room_with_or_without_a_webhook()
    {
        var env = new Dictionary<string, string>
        {
            ["COVIDSPARK_SLACK_BOT_TOKEN_PARAM"] = "/covidspark/slack/bot-token",
            ["COVIDSPARK_SLACK_CHANNEL"] = "C0123456789",
            ["COVIDSPARK_SLACK_API_URL"] = "http://127.0.0.1:9/api/",
            ["COVIDSPARK_ALLOW_INSECURE_WEBHOOKS"] = "1",
        };
        var o = NotifierConfigLoader.Load(k => env.GetValueOrDefault(k));

        var slack = Assert.Single(o.Destinations);
        Assert.Null(slack.Webhook);
        Assert.Equal(new SlackBot(new SecretReference(SecretSource.Ssm, "/covidspark/slack/bot-token"), "C0123456789"), slack.Bot);
        Assert.Equal("http://127.0.0.1:9/api/", o.SlackApiUrl.AbsoluteUri);

        env.Remove("COVIDSPARK_SLACK_CHANNEL");
        var e = Assert.Throws<NotifierConfigException>(() => NotifierConfigLoader.Load(k => env.GetValueOrDefault(k)));
        Assert.Contains("COVIDSPARK_SLACK_CHANNEL must name the channel id", e.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<NotifierConfigException>(() => NotifierConfigLoader.Parse("""
            { "destinations": [ { "name": "team", "type": "slack", "botToken": "ssm:/t", "channel": "C0123456789" },
                                { "name": "ops", "type": "teams", "botToken": "ssm:/t", "channel": "C0123456789", "webhook": "ssm:/w" } ] }
            """, "notify.json"));
        Assert.Equal(["destinations[1] ('ops'): 'botToken' and 'channel' are for Slack rooms only"], bad.Problems);
        var ok = NotifierConfigLoader.Parse("""{ "destinations": [ { "name": "team", "type": "slack", "botToken": "env:T", "channel": "C0123456789" } ] }""", "notify.json");
        Assert.Equal("C0123456789", Assert.Single(ok.Destinations).Bot!.Channel);
    }

    [Fact]
    public void Nothing_configured_says_what_to_set()
    {
        var e = Assert.Throws<NotifierConfigException>(() => NotifierConfigLoader.Load(_ => null));
        Assert.Contains("COVIDSPARK_NOTIFY_CONFIG", e.Message, StringComparison.Ordinal);
        Assert.Contains("COVIDSPARK_SLACK_WEBHOOK_URL", e.Message, StringComparison.Ordinal);
        Assert.Contains("COVIDSPARK_TEAMS_WEBHOOK_URL", e.Message, StringComparison.Ordinal);
    }
}
