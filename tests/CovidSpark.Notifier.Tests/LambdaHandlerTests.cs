using System.Text.Json.Nodes;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>The handler over the documented Lambda event JSON, as the runtime loop calls it.</summary>
[Collection(MotoCollection.Name)]
public sealed class LambdaHandlerTests(MotoServer moto)
{
    [Fact]
    public async Task The_documented_event_gives_one_message_and_an_empty_failure_list()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Resources", "lambda-dynamodb-event.json"));

        var response = await h.Function().HandleJsonAsync(json, CancellationToken.None);

        Assert.Equal("{\"batchItemFailures\":[]}", response);
        var posted = Assert.Single(h.Slack.Requests);
        var message = StreamToChatTests.Slack(posted);
        Assert.Equal("\U0001F4E4 pipeline \u00B7 2020-11-09 \u00B7 SUBMITTED", message.Text);
        var link = message.Blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["url"]!.GetValue<string>();
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/emr/home?region=eu-west-1#/clusterDetails/j-1ABCDEFGHIJKL", link);
    }

    [Fact]
    public async Task A_cancelled_invocation_reports_its_first_unfinished_record()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Resources", "lambda-dynamodb-event.json"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var response = await h.Function().HandleJsonAsync(json, cancelled.Token);

        var failure = Assert.Single(JsonNode.Parse(response)!["batchItemFailures"]!.AsArray());
        Assert.Equal("4421584500000000017450439091", failure!["itemIdentifier"]!.GetValue<string>());
        Assert.Empty(h.Slack.Requests);
    }
}
