using System.Net;
using System.Text;
using CovidSpark.Ledger;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal.Tests;

public sealed class SlackThreadChecksTests
{
    private static readonly DateOnly Date = new(2020, 11, 8);
    private static readonly JobKey Key = new("pipeline", Date);
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<JobKey, JobRecord> Succeeded = new() { [Key] = new JobRecord { Key = Key, State = JobState.Succeeded, Version = 4, Attempt = 1 } };

    private static WebhookPost Title(string state) =>
        WebhookRecorder.Parse(T0, $$"""{"text":"x pipeline \u00B7 2020-11-08 \u00B7 {{state}}"}""");

    private static SlackApiCall Parent(string ts, string state, int at = 0) => new(T0.AddSeconds(at), "chat.postMessage", 200, ts, null, Title(state));

    private static SlackApiCall Update(string ts, string state, int at) => new(T0.AddSeconds(at), "chat.update", 200, ts, null, Title(state));

    private static SlackApiCall Reply(string ts, string thread, int at) => new(T0.AddSeconds(at), "chat.postMessage", 200, ts, thread, WebhookRecorder.Parse(T0, """{"text":"reply"}"""));

    private static SlackApiCall Limited(int at) => new(T0.AddSeconds(at), "chat.update", 429, null, null, null, "ratelimited");

    private static List<SlackApiCall> OneThread() =>
        [Parent("1.1", "SUBMITTED"), Limited(1), Update("1.1", "RUNNING", 2), Update("1.1", "SUCCEEDED", 3), Reply("1.2", "1.1", 3)];

    [Fact]
    public void One_parent_updated_in_place_through_its_states_passes()
    {
        Assert.Empty(SlackThreadChecks.Evaluate([Key], Succeeded, OneThread(), "chat.update"));
        var thread = Assert.Single(SlackThreadChecks.Threads(OneThread()));
        Assert.Equal(["SUBMITTED", "RUNNING", "SUCCEEDED"], thread.States);
        Assert.Equal((2, 1), (thread.Updates, thread.Replies));
    }

    [Fact]
    public void A_run_posted_twice_as_a_parent_fails()
    {
        var calls = OneThread();
        calls.Insert(1, Parent("1.5", "SUBMITTED"));
        Assert.Contains("slack: pipeline 2020-11-08: 2 thread parent(s) (chat.postMessage without thread_ts), expected 1 (one per run)",
            SlackThreadChecks.Evaluate([Key], Succeeded, calls, "chat.update"));
    }

    [Fact]
    public void A_state_posted_as_a_new_message_instead_of_an_update_fails()
    {
        List<SlackApiCall> calls = [Parent("1.1", "SUBMITTED"), Limited(1), Update("1.1", "RUNNING", 2), Parent("1.3", "SUCCEEDED", 3)];
        Assert.Contains(SlackThreadChecks.Evaluate([Key], Succeeded, calls, "chat.update"), p => p.Contains("2 thread parent(s)", StringComparison.Ordinal));

        List<SlackApiCall> skipped = [Parent("1.1", "SUBMITTED"), Limited(1), Update("1.1", "SUCCEEDED", 2)];
        Assert.Contains(SlackThreadChecks.Evaluate([Key], Succeeded, skipped, "chat.update"),
            p => p.Contains("the parent showed SUBMITTED → SUCCEEDED, expected SUBMITTED → RUNNING → SUCCEEDED", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_call_and_a_rate_limit_not_waited_out_fail()
    {
        List<SlackApiCall> calls = [Parent("1.1", "SUBMITTED"), Limited(1), Update("1.1", "RUNNING", 1), Update("1.1", "SUCCEEDED", 1),
            new(T0, "chat.postMessage", 200, null, null, null, "thread_not_found")];
        var problems = SlackThreadChecks.Evaluate([Key], Succeeded, calls, "chat.update");
        Assert.Contains("slack: chat.postMessage refused: thread_not_found", problems);
        Assert.Contains(problems, p => p.Contains("after the 429 on chat.update", StringComparison.Ordinal));

        List<SlackApiCall> never = [Parent("1.1", "SUBMITTED"), Update("1.1", "RUNNING", 2), Update("1.1", "SUCCEEDED", 3)];
        Assert.Contains("slack: the scripted 429 on chat.update was never answered", SlackThreadChecks.Evaluate([Key], Succeeded, never, "chat.update"));
    }

    [Fact]
    public void A_backfill_is_one_summary_updated_until_every_date_finished()
    {
        var next = new JobKey("pipeline", Date.AddDays(1));
        var records = new Dictionary<JobKey, JobRecord>
        {
            [Key] = Succeeded[Key] with { RangeFrom = Date, RangeTo = Date.AddDays(1) },
            [next] = Succeeded[Key] with { Key = next, RangeFrom = Date, RangeTo = Date.AddDays(1) },
        };
        SlackApiCall Summary(string method, string ts, string n, int at) =>
            new(T0.AddSeconds(at), method, 200, ts, null, WebhookRecorder.Parse(T0, $$"""{"text":"\ud83d\udce6 Backfill pipeline 2020-11-08 \u2026 2020-11-09: {{n}}/2 finished"}"""));
        List<SlackApiCall> calls = [Summary("chat.postMessage", "1.1", "0", 0), Limited(1), Summary("chat.update", "1.1", "2", 2)];
        Assert.Empty(SlackThreadChecks.Evaluate([Key, next], records, calls, "chat.update"));

        calls.Add(Summary("chat.postMessage", "1.9", "2", 3));
        Assert.Contains(SlackThreadChecks.Evaluate([Key, next], records, calls, "chat.update"), p => p.Contains("got 2 summary message(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_local_Slack_answers_like_the_Web_API_with_one_429_first()
    {
        await using var slack = SlackApiRecorder.Start(TimeProvider.System, "xoxb-good", rateLimitedMethod: "chat.postMessage");
        using var http = new HttpClient();
        async Task<HttpResponseMessage> Call(string method, string json, string token = "xoxb-good")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(slack.ApiUrl, method)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            return await http.SendAsync(request);
        }
        var limited = await Call("chat.postMessage", """{"channel":"C0REHEARSAL","text":"hi"}""");
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        var posted = await (await Call("chat.postMessage", """{"channel":"C0REHEARSAL","text":"hi"}""")).Content.ReadAsStringAsync();
        Assert.Matches("""^\{"ok":true,"channel":"C0REHEARSAL","ts":"\d+\.\d{6}"\}$""", posted);
        Assert.Contains("invalid_auth", await (await Call("chat.update", """{"channel":"C0REHEARSAL","ts":"1.1"}""", "xoxb-bad")).Content.ReadAsStringAsync());
        Assert.Contains("thread_not_found", await (await Call("chat.postMessage", """{"channel":"C0REHEARSAL","text":"r","thread_ts":"9.9"}""")).Content.ReadAsStringAsync());
        Assert.Equal([429, 200, 200, 200], slack.Calls.Select(c => c.Status));
    }

    [Fact]
    public void A_Teams_card_title_is_parsed_after_a_mention_block()
    {
        var post = WebhookRecorder.Parse(T0, """
            {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.5",
             "body":[{"type":"TextBlock","text":"<at>On-call</at>"},{"type":"TextBlock","text":"\u274c pipeline \u00b7 2020-11-08 \u00b7 FAILED (attempt 2)"}]}}]}
            """);
        Assert.Equal(("pipeline", Date, "FAILED"), (post.Job, post.Date, post.State));
    }
}
