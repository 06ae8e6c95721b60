using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Idempotency;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Processing;

/// <summary>
/// Delivers transitions to a Slack room with a bot token: the first message of a run opens a thread
/// (<c>chat.postMessage</c>, its <c>ts</c> stored in the thread store), later states <c>chat.update</c> that message and add
/// replies in its thread.
/// </summary>
/// <remarks>
/// Every post carries its idempotency key as Slack message metadata. When the outcome of an earlier post is unknown (no
/// answer within the timeout, or a claim taken over from a sender that stopped before writing its mark), the channel or
/// thread is searched for that key first and a message found there is adopted instead of posted again. Updates are
/// idempotent. So a crash between a post and its mark no longer repeats the message in a Slack thread room.
/// </remarks>
internal sealed class SlackThreadSender
{
    private readonly SlackApiClient _slack;
    private readonly IThreadStore _threads;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lookBack;

    /// <param name="slack">The Web API client.</param>
    /// <param name="threads">Where thread roots are kept.</param>
    /// <param name="time">The clock.</param>
    /// <param name="lease">The claim lease: an interrupted sender posted at most this long before its claim ran out.</param>
    public SlackThreadSender(SlackApiClient slack, IThreadStore threads, TimeProvider time, TimeSpan lease)
    {
        _slack = slack;
        _threads = threads;
        _time = time;
        _lookBack = lease + lease + TimeSpan.FromMinutes(5);
    }

    /// <summary>Posts or updates the run's root message and adds the transition's replies; returns the root's <c>ts</c>.</summary>
    /// <param name="destination">The room.</param>
    /// <param name="bot">Its bot and channel.</param>
    /// <param name="token">The bot token.</param>
    /// <param name="transition">What happened.</param>
    /// <param name="key">The transition's idempotency key in this room (the sent mark's key).</param>
    /// <param name="recovered">An earlier sender may have posted part of this already (its claim was taken over).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<string> SendAsync(Destination destination, SlackBot bot, SecretValue token, JobTransition transition, string key, bool recovered,
        CancellationToken cancellationToken)
    {
        var since = _time.GetUtcNow() - _lookBack;
        var threadKey = ThreadKey(transition);
        var root = SlackThreadFormatter.Root(transition);
        var thread = await _threads.GetAsync(threadKey, destination.Name, cancellationToken).ConfigureAwait(false);
        if (thread is null)
        {
            var ts = recovered ? await _slack.FindAsync(destination.Name, token, bot.Channel, null, key, since, cancellationToken).ConfigureAwait(false) : null;
            ts ??= await _slack.PostMessageAsync(destination.Name, token, bot.Channel, root, key, null, false, cancellationToken).ConfigureAwait(false);
            thread = await _threads.SaveAsync(threadKey, destination.Name, new ChatThread(bot.Channel, ts), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _slack.UpdateAsync(destination.Name, token, thread.Channel, thread.Ts, root, cancellationToken).ConfigureAwait(false);
        }
        await ReplyAsync(destination, token, thread, SlackThreadFormatter.Replies(transition, destination.Mention), key, recovered, since, cancellationToken).ConfigureAwait(false);
        return thread.Ts;
    }

    /// <summary>
    /// Records the states of a backfill step's dates and brings its one summary message up to date (posted the first time,
    /// updated in place after); failures of single dates become replies in the summary's thread. Returns the summary's <c>ts</c>.
    /// </summary>
    public async Task<string> SendBackfillAsync(Destination destination, SlackBot bot, SecretValue token, IReadOnlyList<(JobTransition Transition, string Key, bool Recovered)> items,
        CancellationToken cancellationToken)
    {
        var first = items[0].Transition.Current;
        var (from, to) = (first.RangeFrom!.Value, first.RangeTo!.Value);
        var threadKey = $"backfill#{first.Job}#{Text.Date(from)}#{Text.Date(to)}";
        var since = _time.GetUtcNow() - _lookBack;
        var latest = items.GroupBy(i => Text.Date(i.Transition.Current.DataDate)).ToDictionary(g => g.Key, g => g.Last().Transition.Current.State.ToWire(), StringComparer.Ordinal);
        var states = await _threads.RecordDatesAsync(threadKey, destination.Name, latest, cancellationToken).ConfigureAwait(false);
        var summary = SlackThreadFormatter.BackfillSummary(first.Job, from, to, states);
        var thread = await _threads.GetAsync(threadKey, destination.Name, cancellationToken).ConfigureAwait(false);
        var summaryKey = $"{Idempotency.DynamoDbThreadStore.Prefix}{threadKey}#{destination.Name}";
        if (thread is null)
        {
            var recovered = items.Any(i => i.Recovered);
            var ts = recovered ? await _slack.FindAsync(destination.Name, token, bot.Channel, null, summaryKey, since, cancellationToken).ConfigureAwait(false) : null;
            ts ??= await _slack.PostMessageAsync(destination.Name, token, bot.Channel, summary, summaryKey, null, false, cancellationToken).ConfigureAwait(false);
            thread = await _threads.SaveAsync(threadKey, destination.Name, new ChatThread(bot.Channel, ts), cancellationToken).ConfigureAwait(false);
            if (thread.Ts != ts) await _slack.UpdateAsync(destination.Name, token, thread.Channel, thread.Ts, summary, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _slack.UpdateAsync(destination.Name, token, thread.Channel, thread.Ts, summary, cancellationToken).ConfigureAwait(false);
        }
        foreach (var (transition, key, recovered) in items.Where(i => i.Transition.Current.State == JobState.Failed))
        {
            var replies = SlackThreadFormatter.Replies(transition, destination.Mention).Where(r => r.Key == "reason").ToList();
            await ReplyAsync(destination, token, thread, replies, key, recovered, since, cancellationToken).ConfigureAwait(false);
        }
        return thread.Ts;
    }

    /// <summary><c>true</c> for a transition of a backfill step (a step covering several dates): it goes into the backfill's summary.</summary>
    internal static bool IsBackfill(JobTransition transition) =>
        transition.Current.RangeFrom is { } from && transition.Current.RangeTo is { } to && to > from;

    private async Task ReplyAsync(Destination destination, SecretValue token, ChatThread thread, IEnumerable<ThreadReply> replies, string key, bool recovered,
        DateTimeOffset since, CancellationToken cancellationToken)
    {
        foreach (var reply in replies)
        {
            var replyKey = $"{key}#{reply.Key}";
            if (recovered && await _slack.FindAsync(destination.Name, token, thread.Channel, thread.Ts, replyKey, since, cancellationToken).ConfigureAwait(false) is not null)
                continue;
            await _slack.PostMessageAsync(destination.Name, token, thread.Channel, reply.Message, replyKey, thread.Ts, reply.Broadcast, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One thread per run: (job, date, first attempt of its retries). A retry after a failure continues the failed
    /// attempt's thread (so a repeat failure is a reply there); a re-run of a completed date opens a new one.
    /// </summary>
    internal static string ThreadKey(JobTransition transition) =>
        $"{transition.Current.Job}#{Text.Date(transition.Current.DataDate)}#{Alerts.FirstAttemptOfRetries(transition.Current)}";
}
