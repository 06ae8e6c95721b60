using CovidSpark.Aws;
using CovidSpark.Notifier.Hosting;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>The wiring the CLI and the Lambda bootstrap use, with real SDK clients pointed at moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class RuntimeTests(MotoServer moto)
{
    private static AwsClientOptions Aws(MotoServer moto) => new()
    {
        Region = MotoServer.Region,
        EndpointUrl = moto.Endpoint,
        Credentials = NotifierHarness.Credentials,
        Environment = _ => null,
    };

    /// <summary>The notifier Lambda's own variables: the harness's table, its Slack stand-in, two states.</summary>
    private static Dictionary<string, string> LambdaEnvironment(NotifierHarness h) => new()
    {
        ["COVIDSPARK_TABLE"] = h.Table.Name,
        ["COVIDSPARK_SLACK_WEBHOOK_URL"] = h.SlackUrl,
        ["COVIDSPARK_NOTIFY_STATES"] = "SUBMITTED,FAILED",
        ["COVIDSPARK_ALLOW_INSECURE_WEBHOOKS"] = "1",
    };

    private static Task<string> LambdaEventAsync() =>
        File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Resources", "lambda-dynamodb-event.json"));

    [Fact]
    public async Task Drain_through_the_runtime_reads_moto_and_posts()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var env = new Dictionary<string, string> { ["SLACK_URL"] = h.SlackUrl };
        var options = new NotifierOptions
        {
            Destinations = [new Destination("team", DestinationKind.Slack, SecretReference.Parse("env:SLACK_URL"), new HashSet<string>())],
            AllowInsecureWebhooks = true,
        };
        using var runtime = NotifierRuntime.Create(h.Table.Name, options, Aws(moto), h.LoggerFactory, k => env.GetValueOrDefault(k));
        await h.Table.SubmitAsync("etl", "2020-11-09");

        var report = await runtime.Drainer().DrainAsync(h.Table.Name, CancellationToken.None);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Single(h.Slack.Requests);
        Assert.Equal(0, (await runtime.Drainer().DrainAsync(h.Table.Name, CancellationToken.None)).MessagesSent);
    }

    [Fact]
    public async Task The_Lambda_wiring_reads_table_and_webhook_from_the_environment()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var env = LambdaEnvironment(h);
        using var runtime = NotifierRuntime.FromEnvironment(k => env.GetValueOrDefault(k), h.LoggerFactory, Aws(moto));
        var json = await LambdaEventAsync();

        Assert.Equal("{\"batchItemFailures\":[]}", await runtime.Function().HandleJsonAsync(json, CancellationToken.None));
        Assert.Equal("{\"batchItemFailures\":[]}", await runtime.Function().HandleJsonAsync(json, CancellationToken.None));

        Assert.Single(h.Slack.Requests);
        var mark = await h.Table.Client.GetItemAsync(h.Table.Name, new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["pk"] = LedgerTable.S("notify#pipeline#2020-11-09#1#SUBMITTED#slack"),
        });
        Assert.Equal("SENT", mark.Item["mark_status"].S);
    }

    [Fact]
    public async Task The_Lambda_wiring_takes_its_AWS_settings_and_keys_from_the_environment_it_is_given()
    {
        // No AwsClientOptions handed over: region, endpoint and keys come from the Lambda's environment lookup, by the rule every
        // host uses (the notifier used to leave the keys to the SDK's chain, which reads the process environment instead).
        await using var h = await NotifierHarness.CreateAsync(moto);
        var env = LambdaEnvironment(h);
        env["AWS_REGION"] = MotoServer.Region;
        env["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString();
        env["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey;
        env["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey;
        using var runtime = NotifierRuntime.FromEnvironment(k => env.GetValueOrDefault(k), h.LoggerFactory);
        var json = await LambdaEventAsync();

        Assert.Equal("{\"batchItemFailures\":[]}", await runtime.Function().HandleJsonAsync(json, CancellationToken.None));

        Assert.Single(h.Slack.Requests);
    }

    [Fact]
    public async Task Notify_test_posts_to_each_destination_of_the_kind_and_reports_failures_per_destination()
    {
        await using var slack = new LoopbackHttpServer();
        await using var broken = new LoopbackHttpServer(_ => new ScriptedResponse(410, "channel_is_archived"));
        var env = new Dictionary<string, string> { ["A"] = slack.BaseUri + "services/a", ["B"] = broken.BaseUri + "services/b" };
        var options = new NotifierOptions
        {
            Destinations =
            [
                new Destination("team", DestinationKind.Slack, SecretReference.Parse("env:A"), new HashSet<string>()),
                new Destination("old", DestinationKind.Slack, SecretReference.Parse("env:B"), new HashSet<string>()),
                new Destination("oncall", DestinationKind.Chime, SecretReference.Parse("env:C"), new HashSet<string>()),
            ],
            AllowInsecureWebhooks = true,
        };
        using var runtime = NotifierRuntime.Create("unused", options, Aws(moto), environment: k => env.GetValueOrDefault(k));

        var results = await runtime.Tester().SendAsync("slack", CancellationToken.None);

        Assert.Equal(["team", "old"], results.Select(r => r.Destination));
        Assert.True(results[0].Succeeded);
        Assert.Contains("CovidSpark notifier test", Assert.Single(slack.Requests).Body, StringComparison.Ordinal);
        Assert.Equal("Posting to destination 'old' failed after 1 attempt(s): HTTP 410 'channel_is_archived'", results[1].Error);
        var chime = Assert.Single(await runtime.Tester().SendAsync("chime", CancellationToken.None));
        Assert.Equal("Webhook secret env:C: the environment variable is not set", chime.Error);
        var none = await Assert.ThrowsAsync<NotifierConfigException>(() => runtime.Tester().SendAsync("msteams", CancellationToken.None));
        Assert.Contains("configured: team (slack), old (slack), oncall (chime)", none.Message, StringComparison.Ordinal);
    }
}
