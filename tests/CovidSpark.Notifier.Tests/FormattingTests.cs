using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Tests;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(850, "850 ms")]
    [InlineData(42_000, "42s")]
    [InlineData(192_000, "3m 12s")]
    [InlineData(3_720_000, "1h 02m")]
    public void Durations_read_naturally(long ms, string expected) => Assert.Equal(expected, Text.Duration(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_jitter_stays_within_its_share()
    {
        var p = WebhookRetryPolicy.Default;
        Assert.Equal(TimeSpan.FromSeconds(1), p.Backoff(1, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(0.5), p.Backoff(1, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(4), p.Backoff(3, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(16), p.Backoff(10, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(8), p.Backoff(10, 0.0));
    }

    [Fact]
    public void Logs_outside_s3_or_http_are_shown_as_text_not_linked()
    {
        var job = new JobSnapshot { Pk = "etl#2020-11-09", Job = "etl", DataDate = new DateOnly(2020, 11, 9), State = JobState.Failed, Attempt = 1, LogUri = "/var/log/covidspark/etl.log" };
        Assert.Null(ConsoleLinks.Logs(job, "us-east-1"));
        Assert.Null(ConsoleLinks.EmrStep(job, "us-east-1"));
        var slack = System.Text.Json.Nodes.JsonNode.Parse(new SlackMessageFormatter().Single(new JobTransition("1", JobState.Running, job, "us-east-1")))!;
        var blocks = slack["attachments"]![0]!["blocks"]!.AsArray();
        Assert.Equal("Logs: `/var/log/covidspark/etl.log`", blocks[^1]!["elements"]![0]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(blocks, b => b!["type"]!.GetValue<string>() == "actions");
    }

    [Fact]
    public void A_chime_message_never_exceeds_the_content_limit()
    {
        var job = new JobSnapshot { Pk = "etl#2020-11-09", Job = "etl", DataDate = new DateOnly(2020, 11, 9), State = JobState.Failed, Attempt = 1 };
        var many = Enumerable.Range(0, 45).Select(i => new JobTransition(i.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            job with { Job = new string('j', 120), DataDate = job.DataDate.AddDays(i) }, "us-east-1")).ToList();
        var body = System.Text.Json.JsonDocument.Parse(new ChimeMessageFormatter().Digest(many, 1, 1));
        var content = body.RootElement.GetProperty("Content").GetString()!;
        Assert.True(content.Length <= ChimeMessageFormatter.MaxContentLength);
        var shown = content.Split('\n').Count(l => l.StartsWith("- \u274C", StringComparison.Ordinal));
        Assert.InRange(shown, 20, 44);
        Assert.EndsWith($"- \u2026 and {45 - shown} more (see the ledger)", content, StringComparison.Ordinal);
    }
}
