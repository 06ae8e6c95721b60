using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Events;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Idempotency;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier.Processing;

/// <summary>
/// The notifier's domain service: turns one ordered batch of stream records into chat messages, at most once per
/// (transition, destination), and says which record is the first one not done.
/// </summary>
/// <remarks>
/// Pessimistic and order-aware: a record counts as done only when every destination that wants it has it (posted now
/// or before). Per destination, posting stops at the first failure, so a room never sees a later state before an
/// earlier one; the batch's first failed record is the smallest index any destination stopped at (or an unreadable
/// record). Lambda retries from that record; messages already sent are skipped thanks to the sent marks.
/// When one destination has more than <see cref="NotifierOptions.DigestThreshold"/> messages in a batch, they go out as
/// digest messages of up to <see cref="NotifierOptions.DigestSize"/> transitions each.
/// </remarks>
public sealed class NotificationProcessor
{
    /// <summary>Sent-mark reads and writes in flight at once per destination.</summary>
    private const int StoreConcurrency = 8;

    /// <summary>How often a claim held by another sender is tried again while waiting for it.</summary>
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(500);

    private readonly NotifierOptions _options;
    private readonly ISecretResolver _secrets;
    private readonly WebhookClient _webhooks;
    private readonly ISentMarkStore _marks;
    private readonly SlackThreadSender _threads;
    private readonly IDelay _delay;
    private readonly IReadOnlyDictionary<DestinationKind, IMessageFormatter> _formatters;
    private readonly ILogger _logger;

    /// <summary>Creates the processor with the formatter of every chat service.</summary>
    public NotificationProcessor(NotifierOptions options, ISecretResolver secrets, WebhookClient webhooks, ISentMarkStore marks, IThreadStore threads,
        TimeProvider time, IDelay delay, ILogger<NotificationProcessor> logger)
    {
        _delay = delay ?? throw new ArgumentNullException(nameof(delay));
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _webhooks = webhooks ?? throw new ArgumentNullException(nameof(webhooks));
        _marks = marks ?? throw new ArgumentNullException(nameof(marks));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _threads = new SlackThreadSender(new SlackApiClient(webhooks, _options.SlackApiUrl, _options.SlackLimits, time), threads, time, _options.ClaimLease);
        _formatters = Enum.GetValues<DestinationKind>().ToDictionary(k => k, MessageFormatters.For);
    }

    /// <summary>Processes a batch.</summary>
    /// <param name="records">The records, in shard order.</param>
    /// <param name="sender">Names this sender in claims (<c>lambda</c>, <c>drain</c>); see <see cref="ISentMarkStore"/>.</param>
    /// <param name="cancellationToken">Stops the work; unfinished records are reported as failed.</param>
    public async Task<BatchOutcome> ProcessAsync(IReadOnlyList<DynamoDbStreamRecord> records, string sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        // Claims are owned by this invocation alone: two drains (or a drain and the Lambda) reading the same records never
        // take each other's claims for their own, so they never both post. Only a lapsed lease (a sender that stopped) is taken over.
        var invocation = Guid.NewGuid().ToString("N")[..12];
        var transitions = new List<Item>();
        int? unreadableAt = null;
        Exception? unreadable = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            try
            {
                var detection = TransitionDetector.Detect(record, _options.DefaultRegion);
                if (detection.Transition is not { } t)
                {
                    Log.RecordIgnored(_logger, record.Dynamodb?.SequenceNumber, record.EventName, detection.Reason.ToString());
                    continue;
                }
                Log.TransitionDetected(_logger, t.Current.Job, Text.Date(t.Current.DataDate), t.Current.Attempt, t.Previous?.ToWire() ?? "(new)", t.Current.State.ToWire(), t.SequenceNumber);
                transitions.Add(new Item(i, t with { Alert = Alerts.Classify(t.Current, _options.MaxAttempts) }, $"{sender}:{invocation}:{t.SequenceNumber}"));
            }
            catch (Exception e) when (e is MalformedJobImageException or ArgumentException)
            {
                Log.RecordUnreadable(_logger, e, record.Dynamodb?.SequenceNumber);
                (unreadableAt, unreadable) = (i, e);
                break;
            }
        }

        var results = await Task.WhenAll(_options.Destinations.Select(d =>
            DeliverAsync(d, [.. transitions.Where(x => d.Wants(x.Transition.Current.State))], cancellationToken))).ConfigureAwait(false);

        var failAt = unreadableAt;
        var failure = unreadable;
        foreach (var r in results.Where(r => r.FailedAt is not null))
            if (failAt is null || r.FailedAt < failAt) (failAt, failure) = (r.FailedAt, r.Failure);
        var outcome = new BatchOutcome
        {
            Records = records.Count,
            Transitions = transitions.Count,
            MessagesSent = results.Sum(r => r.Sent),
            AlreadySent = results.Sum(r => r.Skipped),
            FirstFailedIndex = failAt,
            FirstFailedSequenceNumber = failAt is { } at ? records[at].Dynamodb?.SequenceNumber : null,
            Failure = failure,
        };
        if (outcome.FirstFailedSequenceNumber is { } seq) Log.BatchFailed(_logger, records.Count, seq);
        else Log.BatchProcessed(_logger, records.Count, outcome.Transitions, outcome.MessagesSent, outcome.AlreadySent);
        return outcome;
    }

    private async Task<DestinationResult> DeliverAsync(Destination destination, List<Item> items, CancellationToken cancellationToken)
    {
        var result = new DestinationResult();
        if (items.Count == 0) return result;
        Channel channel;
        try
        {
            var bot = destination.Kind == DestinationKind.Slack ? destination.Bot : null;
            channel = new Channel(destination, _formatters[destination.Kind], bot,
                bot is null ? null : await _secrets.ReadAsync(bot.Token, cancellationToken).ConfigureAwait(false),
                bot is null ? await _secrets.ResolveAsync(destination.Webhook!, destination.Kind, _options.AllowInsecureWebhooks, cancellationToken).ConfigureAwait(false) : null);
        }
        catch (Exception e) when (e is NotifierException or OperationCanceledException)
        {
            result.Fail(items[0].Index, e);
            return result;
        }
        // Rounds: deliver up to the first message another sender is posting right now (a concurrent drain or invocation),
        // with the claims after it given back so that sender is never blocked by ours; wait for that message, go on from it.
        var pending = items;
        var waited = TimeSpan.Zero;
        var takenOver = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var held = await DeliverRoundAsync(channel, pending, takenOver, result, cancellationToken).ConfigureAwait(false);
            if (held is not { } at) break;
            var item = pending[at];
            var mark = new SentMark(item.Transition.Key, destination.Name);
            var claim = ClaimOutcome.HeldByAnother;
            try
            {
                while (claim == ClaimOutcome.HeldByAnother && waited < _options.ClaimWait)
                {
                    await _delay.DelayAsync(ClaimPoll, cancellationToken).ConfigureAwait(false);
                    waited += ClaimPoll;
                    claim = await _marks.ClaimAsync(mark, item.Owner, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is NotifierException or OperationCanceledException)
            {
                result.Fail(item.Index, e);
                break;
            }
            if (claim == ClaimOutcome.HeldByAnother)
            {
                Log.ClaimHeld(_logger, item.Transition.Key, destination.Name);
                result.Fail(item.Index, new MessageInFlightException(mark));
                break;
            }
            if (claim == ClaimOutcome.TakenOver) takenOver.Add(mark.Pk);
            pending = pending.GetRange(at, pending.Count - at);
        }
        return result;
    }

    /// <summary>
    /// One round of <see cref="DeliverAsync"/>: claims every item, sends in order up to the first item another sender holds
    /// and returns that item's position (null when the round got to the end, or failed: then <paramref name="result"/> says where).
    /// </summary>
    private async Task<int?> DeliverRoundAsync(Channel channel, List<Item> items, HashSet<string> takenOver, DestinationResult result, CancellationToken cancellationToken)
    {
        var destination = channel.Destination;
        var claimed = new List<Item>();
        int? held = null;
        try
        {
            var claims = await ClaimAllAsync(destination, items, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < items.Count; i++)
            {
                var (item, claim, error) = (items[i], claims[i].Outcome, claims[i].Error);
                if (error is not null || claim == ClaimOutcome.HeldByAnother)
                {
                    if (error is not null) result.Fail(item.Index, error);
                    else held = i;
                    // Keep the room's order: what follows waits, so give its claims back.
                    await ReleaseAsync(destination, items.Skip(i + 1).Where((_, j) => claims[i + 1 + j].Outcome is ClaimOutcome.Claimed or ClaimOutcome.TakenOver)).ConfigureAwait(false);
                    break;
                }
                if (claim == ClaimOutcome.AlreadySent)
                {
                    Log.AlreadySent(_logger, item.Transition.Key, destination.Name);
                    result.Done.Add(item.Index);
                    result.Skipped++;
                    continue;
                }
                var recovered = claim == ClaimOutcome.TakenOver || takenOver.Contains(new SentMark(item.Transition.Key, destination.Name).Pk);
                claimed.Add(recovered ? item with { Recovered = true } : item);
            }

            if (channel.Bot is not null)
                await SendThreadsAsync(destination, channel.Bot, channel.Token!, claimed, result, cancellationToken).ConfigureAwait(false);
            else if (claimed.Count > _options.DigestThreshold)
                await SendDigestsAsync(destination, channel.Formatter, channel.Url!, claimed, result, cancellationToken).ConfigureAwait(false);
            else
                await SendSinglesAsync(destination, channel.Formatter, channel.Url!, claimed, result, cancellationToken).ConfigureAwait(false);
            return held;
        }
        catch (Exception e) when (e is NotifierException or OperationCanceledException)
        {
            // Everything not yet sent is failed from its first item on; claims are given back.
            var unsent = claimed.Where(c => !result.Done.Contains(c.Index)).ToList();
            var first = unsent.Count > 0 ? unsent.Min(c => c.Index) : items.Where(i => !result.Done.Contains(i.Index)).Select(i => i.Index).DefaultIfEmpty(items[0].Index).Min();
            result.Fail(first, e);
            await ReleaseAsync(destination, unsent).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A room with what posting to it needs: its formatter, and its bot token or webhook URL.</summary>
    private sealed record Channel(Destination Destination, IMessageFormatter Formatter, SlackBot? Bot, SecretValue? Token, WebhookUrl? Url);

    private async Task SendSinglesAsync(Destination destination, IMessageFormatter formatter, WebhookUrl url, List<Item> claimed, DestinationResult result, CancellationToken cancellationToken)
    {
        foreach (var item in claimed)
        {
            await _webhooks.PostAsync(destination, url, formatter.Single(item.Transition, destination.Mention), cancellationToken).ConfigureAwait(false);
            result.Sent++;
            await MarkSentAsync(destination, [item], result).ConfigureAwait(false);
        }
    }

    private async Task SendThreadsAsync(Destination destination, SlackBot bot, SecretValue token, List<Item> claimed, DestinationResult result, CancellationToken cancellationToken)
    {
        foreach (var item in claimed.Where(i => !SlackThreadSender.IsBackfill(i.Transition)))
        {
            var mark = new SentMark(item.Transition.Key, destination.Name);
            var ts = await _threads.SendAsync(destination, bot, token, item.Transition, mark.Pk, item.Recovered, cancellationToken).ConfigureAwait(false);
            result.Sent++;
            await MarkSentAsync(destination, [item], result, ts).ConfigureAwait(false);
        }
        // A backfill's dates share one summary message: one update per batch, however many dates it holds.
        foreach (var group in claimed.Where(i => SlackThreadSender.IsBackfill(i.Transition))
                     .GroupBy(i => (i.Transition.Current.Job, i.Transition.Current.RangeFrom, i.Transition.Current.RangeTo)))
        {
            var items = group.ToList();
            var ts = await _threads.SendBackfillAsync(destination, bot, token,
                [.. items.Select(i => (i.Transition, new SentMark(i.Transition.Key, destination.Name).Pk, i.Recovered))], cancellationToken).ConfigureAwait(false);
            result.Sent++;
            await MarkSentAsync(destination, items, result, ts).ConfigureAwait(false);
        }
    }

    private async Task SendDigestsAsync(Destination destination, IMessageFormatter formatter, WebhookUrl url, List<Item> claimed, DestinationResult result, CancellationToken cancellationToken)
    {
        var ordered = MessageFacts.DigestOrder(claimed.Select(c => c.Transition));
        var byTransition = claimed.ToDictionary(c => c.Transition);
        var chunks = ordered.Chunk(Math.Max(2, _options.DigestSize)).ToList();
        for (var part = 0; part < chunks.Count; part++)
        {
            var chunk = chunks[part];
            await _webhooks.PostAsync(destination, url, formatter.Digest(chunk, part + 1, chunks.Count), cancellationToken).ConfigureAwait(false);
            result.Sent++;
            Log.DigestSent(_logger, part + 1, chunks.Count, chunk.Length, destination.Name);
            await MarkSentAsync(destination, [.. chunk.Select(t => byTransition[t])], result).ConfigureAwait(false);
        }
    }

    /// <summary>Claims every item's mark, a few at a time; a failure is kept per item so the caller can honour order.</summary>
    private async Task<(ClaimOutcome? Outcome, Exception? Error)[]> ClaimAllAsync(Destination destination, List<Item> items, CancellationToken cancellationToken)
    {
        var claims = new (ClaimOutcome? Outcome, Exception? Error)[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), Parallelism(cancellationToken), async (i, token) =>
        {
            try { claims[i] = (await _marks.ClaimAsync(new SentMark(items[i].Transition.Key, destination.Name), items[i].Owner, token).ConfigureAwait(false), null); }
            catch (SentMarkStoreException e) { claims[i] = (null, e); }
        }).ConfigureAwait(false);
        return claims;
    }

    private async Task MarkSentAsync(Destination destination, IReadOnlyList<Item> items, DestinationResult result, string? messageId = null)
    {
        foreach (var item in items) result.Done.Add(item.Index);
        // Not cancellable: the messages are out, their marks must follow.
        await Parallel.ForEachAsync(items, Parallelism(CancellationToken.None), async (item, token) =>
        {
            try
            {
                await _marks.MarkSentAsync(new SentMark(item.Transition.Key, destination.Name), item.Owner, token, messageId).ConfigureAwait(false);
            }
            catch (SentMarkStoreException e)
            {
                // The message was delivered, so the record is done; only a later retry of this same record could repeat it.
                Log.MarkNotWritten(_logger, e, item.Transition.Key, destination.Name);
            }
        }).ConfigureAwait(false);
    }

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = StoreConcurrency, CancellationToken = cancellationToken };

    private async Task ReleaseAsync(Destination destination, IEnumerable<Item> items)
    {
        await Parallel.ForEachAsync(items, Parallelism(CancellationToken.None), async (item, token) =>
        {
            try { await _marks.ReleaseAsync(new SentMark(item.Transition.Key, destination.Name), item.Owner, token).ConfigureAwait(false); }
            catch (SentMarkStoreException e) { Log.ClaimNotReleased(_logger, e, item.Transition.Key, destination.Name); }
        }).ConfigureAwait(false);
    }

    // Recovered: the claim was taken over from a sender that stopped, which may have posted part of this.
    private sealed record Item(int Index, JobTransition Transition, string Owner, bool Recovered = false);

    private sealed class DestinationResult
    {
        /// <summary>Items this destination has finished with (posted now or before).</summary>
        public HashSet<int> Done { get; } = [];
        public int Sent { get; set; }
        public int Skipped { get; set; }
        public int? FailedAt { get; private set; }
        public Exception? Failure { get; private set; }

        public void Fail(int index, Exception e)
        {
            if (FailedAt is null || index < FailedAt) (FailedAt, Failure) = (index, e);
        }
    }
}
