using System.Text.Json.Nodes;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Retries, Retry-After, pacing and permanent failures against local webhook servers, fed from moto's stream.</summary>
[Collection(MotoCollection.Name)]
public sealed class DeliveryTests(MotoServer moto)
{
    private static Func<RecordedRequest, ScriptedResponse> Script(params ScriptedResponse[] responses)
    {
        var i = 0;
        return _ => responses[Math.Min(Interlocked.Increment(ref i) - 1, responses.Length - 1)];
    }

    [Fact]
    public async Task A_500_then_200_gives_exactly_one_message_after_a_backoff()
    {
        await using var h = await NotifierHarness.CreateAsync(moto, slack: Script(new ScriptedResponse(500, "rollup_error"), ScriptedResponse.Ok()));
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(1, report.MessagesSent);
        Assert.Equal(2, h.Slack.Requests.Count);
        Assert.Equal(h.Slack.Requests[0].Body, h.Slack.Requests[1].Body);
        // Backoff before attempt 2: 1 s base with 50 % jitter → between 0.5 s and 1 s; then the pace gate tops it up
        // to the one second Slack wants between two posts to the same webhook.
        Assert.InRange(h.Delay.Waits[0], TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), h.Delay.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        Assert.Contains(h.Logs.Lines, l => l.Contains($"[{NotifierEventIds.RetryScheduled}]", StringComparison.Ordinal) && l.Contains("HTTP 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_before_the_retry()
    {
        var throttled = new ScriptedResponse(429, "rate_limited", new Dictionary<string, string> { ["Retry-After"] = "7" });
        await using var h = await NotifierHarness.CreateAsync(moto, slack: Script(throttled, ScriptedResponse.Ok()));
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded);
        Assert.Equal(2, h.Slack.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(7), h.Delay.Waits);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_notifier_waits_fails_the_record_for_a_later_retry()
    {
        var throttled = new ScriptedResponse(429, "", new Dictionary<string, string> { ["Retry-After"] = "3600" });
        await using var h = await NotifierHarness.CreateAsync(moto, slack: Script(throttled));
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.False(report.Succeeded);
        var failure = Assert.IsType<WebhookDeliveryException>(report.Failure);
        Assert.True(failure.IsTransient);
        Assert.Equal(429, failure.StatusCode);
        Assert.Single(h.Slack.Requests);
        Assert.DoesNotContain(TimeSpan.FromHours(1), h.Delay.Waits);
    }

    [Fact]
    public async Task Posts_to_one_webhook_are_kept_a_second_apart()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        foreach (var d in new[] { "2020-11-01", "2020-11-02", "2020-11-03" }) await h.Table.SubmitAsync("etl", d);

        await h.DrainAsync();

        Assert.Equal(3, h.Slack.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], h.Delay.Waits);
    }

    [Fact]
    public async Task A_permanent_failure_reports_the_first_failed_record_and_the_retried_batch_posts_nothing_twice()
    {
        var chimeBroken = true;
        await using var h = await NotifierHarness.CreateAsync(moto,
            chime: _ => chimeBroken ? new ScriptedResponse(403, "Forbidden") : ScriptedResponse.Ok("{\"MessageId\":\"m\"}"));
        h.Options = h.Options with
        {
            Destinations = [h.Options.Destinations[0], h.Options.Destinations[1] with { States = new HashSet<string> { "FAILED" } }],
        };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "RUNNING");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "FAILED", LedgerTable.Finished(5, 0, 0, 1000, "boom"));
        await h.Table.SubmitAsync("pipeline", "2020-11-10");
        var records = await h.ReadStreamAsync();
        Assert.Equal(["INSERT", "MODIFY", "MODIFY", "INSERT"], records.Select(r => r.EventName));
        var function = h.Function();

        var response = await function.HandleJsonAsync(NotifierHarness.LambdaEvent(records), CancellationToken.None);

        var failures = JsonNode.Parse(response)!["batchItemFailures"]!.AsArray();
        var failed = Assert.Single(failures);
        Assert.Equal(records[2].Dynamodb!.SequenceNumber, failed!["itemIdentifier"]!.GetValue<string>());
        Assert.Single(h.Chime.Requests); // 403 is permanent: no retry
        Assert.Equal(4, h.Slack.Requests.Count); // Slack is independent and got everything
        Assert.Contains(h.Logs.Lines, l => l.Contains($"[{NotifierEventIds.DeliveryFailed}]", StringComparison.Ordinal) && l.Contains("HTTP 403", StringComparison.Ordinal));

        // Lambda retries from the failed record on, with everything that followed (and the notifier's own marks).
        chimeBroken = false;
        var retried = (await h.ReadStreamAsync()).SkipWhile(r => r.Dynamodb!.SequenceNumber != failed["itemIdentifier"]!.GetValue<string>()).ToList();
        var second = await function.HandleJsonAsync(NotifierHarness.LambdaEvent(retried), CancellationToken.None);

        Assert.Equal("{\"batchItemFailures\":[]}", second);
        Assert.Equal(4, h.Slack.Requests.Count);
        Assert.Equal(2, h.Chime.Requests.Count);
        Assert.Contains("FAILED", StreamToChatTests.ChimeContent(h.Chime.Requests[1]), StringComparison.Ordinal);

        // And the whole batch once more: nothing at all is posted again.
        var third = await function.HandleAsync(new Events.DynamoDbStreamEvent { Records = records }, CancellationToken.None);
        Assert.Empty(third.BatchItemFailures);
        Assert.Equal(4, h.Slack.Requests.Count);
        Assert.Equal(2, h.Chime.Requests.Count);
    }

    [Fact]
    public async Task A_webhook_answering_after_the_attempt_timeout_posts_once()
    {
        await using var h = await NotifierHarness.CreateAsync(moto, slack: _ =>
        {
            Thread.Sleep(1500);
            return ScriptedResponse.Ok();
        });
        h.Options = h.Options with
        {
            Destinations = [h.Options.Destinations[0]],
            Retry = WebhookRetryPolicy.Default with { AttemptTimeout = TimeSpan.FromMilliseconds(300), AnswerTimeout = TimeSpan.FromSeconds(5) },
        };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        var builder = h.Builder();
        builder.Time = TimeProvider.System; // the timeouts must fire in real time

        var report = await builder.BuildDrainer(h.Streams).DrainAsync(h.Table.Name, CancellationToken.None);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Single(h.Slack.Requests);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains($"[{NotifierEventIds.RetryScheduled}]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_that_never_answers_a_sent_post_is_not_posted_twice()
    {
        await using var h = await NotifierHarness.CreateAsync(moto, slack: _ =>
        {
            Thread.Sleep(2500);
            return ScriptedResponse.Ok();
        });
        h.Options = h.Options with
        {
            Destinations = [h.Options.Destinations[0]],
            Retry = WebhookRetryPolicy.Default with { AttemptTimeout = TimeSpan.FromMilliseconds(300), AnswerTimeout = TimeSpan.FromMilliseconds(500) },
        };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        var builder = h.Builder();
        builder.Time = TimeProvider.System;

        var report = await builder.BuildDrainer(h.Streams).DrainAsync(h.Table.Name, CancellationToken.None);
        await Task.Delay(2500);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Single(h.Slack.Requests);
        Assert.Contains(h.Logs.Lines, l => l.Contains($"[{NotifierEventIds.Unconfirmed}]", StringComparison.Ordinal) && l.Contains("no answer within 0.5 s of sending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_that_cannot_be_reached_is_retried_since_nothing_was_sent()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.SetVariable("SLACK_URL", $"http://127.0.0.1:{MotoServer.FreePort()}/{NotifierHarness.SlackSecretPath}");
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.False(report.Succeeded);
        Assert.Equal(5, Assert.IsType<Delivery.WebhookDeliveryException>(report.Failure).Attempts);
        Assert.DoesNotContain(NotifierHarness.SlackSecretPath, h.Logs.All + report.Failure, StringComparison.Ordinal);
    }
}
