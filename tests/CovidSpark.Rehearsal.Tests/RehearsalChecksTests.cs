using CovidSpark.Ledger;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal.Tests;

public sealed class RehearsalChecksTests
{
    private static readonly DateOnly Date = new(2020, 11, 8);
    private static readonly JobKey Key = new("pipeline", Date);

    private static JobRecord Record(JobState state) => new() { Key = Key, State = state, Version = 4, Attempt = 1 };

    private static WebhookPost Post(string state) =>
        WebhookRecorder.Parse(DateTimeOffset.UnixEpoch, $$"""{"text":"x pipeline \u00B7 2020-11-08 \u00B7 {{state}}","attachments":[]}""");

    [Fact]
    public void One_post_per_state_change_passes()
    {
        var (outcomes, expected, problems) = RehearsalChecks.Evaluate([Key], new Dictionary<JobKey, JobRecord> { [Key] = Record(JobState.Partial) },
            [Post("SUBMITTED"), Post("RUNNING"), Post("PARTIAL")]);
        Assert.Empty(problems);
        Assert.Equal(3, expected);
        Assert.Equal("PARTIAL", outcomes.Single().State);
    }

    [Fact]
    public void A_re_run_expects_each_state_once_per_attempt()
    {
        var rerun = Record(JobState.Succeeded) with
        {
            Attempt = 2,
            PreviousAttempts = [new PreviousAttempt(1, JobState.Partial, "j-1", "s-1", null, null, null)],
        };
        var records = new Dictionary<JobKey, JobRecord> { [Key] = rerun };

        var (_, expected, problems) = RehearsalChecks.Evaluate([Key], records,
            [Post("SUBMITTED"), Post("RUNNING"), Post("PARTIAL"), Post("SUBMITTED"), Post("RUNNING"), Post("SUCCEEDED")]);
        Assert.Empty(problems);
        Assert.Equal(6, expected);

        var (_, _, once) = RehearsalChecks.Evaluate([Key], records, [Post("SUBMITTED"), Post("RUNNING"), Post("PARTIAL"), Post("SUCCEEDED")]);
        Assert.Equal(["pipeline 2020-11-08 SUBMITTED: notified 1 time(s), expected 2 times (once per attempt)",
            "pipeline 2020-11-08 RUNNING: notified 1 time(s), expected 2 times (once per attempt)"], once);
    }

    [Fact]
    public void A_duplicate_a_missing_and_a_stray_post_are_each_reported()
    {
        var (_, _, problems) = RehearsalChecks.Evaluate([Key], new Dictionary<JobKey, JobRecord> { [Key] = Record(JobState.Succeeded) },
            [Post("SUBMITTED"), Post("SUBMITTED"), Post("SUCCEEDED"), Post("FAILED")]);
        Assert.Contains(problems, p => p.Contains("SUBMITTED: notified 2 time(s)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RUNNING: notified 0 time(s)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unexpected webhook message", StringComparison.Ordinal) && p.Contains("FAILED", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_or_missing_job_fails_the_rehearsal()
    {
        var other = new JobKey("pipeline", Date.AddDays(1));
        var (_, _, problems) = RehearsalChecks.Evaluate([Key, other], new Dictionary<JobKey, JobRecord> { [Key] = Record(JobState.Failed) with { Message = "boom" } },
            [Post("SUBMITTED"), Post("RUNNING"), Post("FAILED")]);
        Assert.Contains("pipeline 2020-11-08 ended FAILED: boom", problems);
        Assert.Contains("pipeline 2020-11-09: not in the ledger", problems);
    }

    [Fact]
    public void The_webhook_title_is_parsed_into_job_date_and_state()
    {
        var post = Post("RUNNING");
        Assert.Equal(("pipeline", Date, "RUNNING"), (post.Job, post.Date, post.State));
        Assert.Null(WebhookRecorder.Parse(DateTimeOffset.UnixEpoch, "not json").State);
    }
}
