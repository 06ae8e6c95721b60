using CovidSpark.Cli.Infrastructure;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;
using Spectre.Console;

namespace CovidSpark.Notifier.Tests;

/// <summary><c>covidspark notify drain|test</c> run in-process against moto and local webhook servers.</summary>
[Collection(MotoCollection.Name)]
public sealed class NotifyCommandTests(MotoServer moto)
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(Dictionary<string, string> env, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 220;
        var cli = new CliServices(console, output, error, k => env.GetValueOrDefault(k), TimeProvider.System);
        var exit = await CovidSparkCli.BuildRoot(cli).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static Dictionary<string, string> Env(NotifierHarness h) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_REGION"] = MotoServer.Region,
        ["COVIDSPARK_SLACK_WEBHOOK_URL"] = h.SlackUrl,
        ["COVIDSPARK_TEAMS_WEBHOOK_URL"] = h.TeamsUrl,
        ["COVIDSPARK_ALLOW_INSECURE_WEBHOOKS"] = "1",
    };

    [Fact]
    public async Task Drain_delivers_once_and_says_so()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await h.Table.SubmitAsync("etl", "2020-11-09");
        var env = Env(h);

        var first = await RunAsync(env, "notify", "drain", "--table", h.Table.Name, "--endpoint-url", moto.Endpoint.ToString());
        var second = await RunAsync(env, "notify", "drain", "--table", h.Table.Name, "--endpoint-url", moto.Endpoint.ToString(), "--json");

        Assert.Equal(0, first.Exit);
        Assert.Contains("1 state change(s) in", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("\"messagesSent\":0", second.Out, StringComparison.Ordinal);
        Assert.Single(h.Slack.Requests);
        Assert.DoesNotContain(NotifierHarness.SlackSecretPath, first.Out + first.Err + second.Out + second.Err, StringComparison.Ordinal);
        Assert.Contains("warning: COVIDSPARK_ALLOW_INSECURE_WEBHOOKS=1", first.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_insecure_switch_a_plain_http_webhook_is_refused_by_name_and_nothing_is_posted()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await h.Table.SubmitAsync("etl", "2020-11-09");
        var env = Env(h);
        env.Remove("COVIDSPARK_ALLOW_INSECURE_WEBHOOKS");
        env.Remove("COVIDSPARK_TEAMS_WEBHOOK_URL");

        var drain = await RunAsync(env, "notify", "drain", "--table", h.Table.Name, "--endpoint-url", moto.Endpoint.ToString());

        Assert.Equal(4, drain.Exit);
        Assert.Contains("env:COVIDSPARK_SLACK_WEBHOOK_URL: the slack webhook URL must be https (default port) to hooks.slack.com", drain.Err, StringComparison.Ordinal);
        Assert.Empty(h.Slack.Requests);
        Assert.DoesNotContain(NotifierHarness.SlackSecretPath, drain.Out + drain.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_posts_and_missing_configuration_is_exit_code_2()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var ok = await RunAsync(Env(h), "notify", "test", "--to", "slack");
        var none = await RunAsync(new Dictionary<string, string> { ["AWS_REGION"] = MotoServer.Region }, "notify", "test", "--to", "slack");

        Assert.Equal(0, ok.Exit);
        Assert.Contains("accepted after 1 attempt(s)", ok.Out, StringComparison.Ordinal);
        Assert.Single(h.Slack.Requests);
        Assert.Equal(2, none.Exit);
        Assert.Contains("COVIDSPARK_SLACK_WEBHOOK_URL", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_to_teams_posts_a_card_and_test_to_chime_states_the_end_of_support()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var env = Env(h);
        env["COVIDSPARK_CHIME_WEBHOOK_URL"] = h.ChimeUrl;

        var teams = await RunAsync(env, "notify", "test", "--to", "teams");
        var chime = await RunAsync(env, "notify", "test", "--to", "chime");

        Assert.Equal(0, teams.Exit);
        Assert.Contains("ok    teams (teams): accepted after 1 attempt(s)", teams.Out, StringComparison.Ordinal);
        TeamsTests.AssertTeamsCard(Assert.Single(h.Teams.Requests).Body);
        Assert.Equal(0, chime.Exit);
        Assert.Contains("Amazon Chime reached end of support on 2026-02-20", chime.Out, StringComparison.Ordinal);
        Assert.Contains("warning: destination 'chime': Amazon Chime reached end of support", chime.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("TeamsSecretSig99", teams.Out + teams.Err + chime.Out + chime.Err, StringComparison.Ordinal);
    }
}
