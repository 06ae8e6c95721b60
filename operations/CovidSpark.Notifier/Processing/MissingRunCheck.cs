using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Idempotency;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Streams;
using CovidSpark.Notifier.Transitions;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier.Processing;

/// <summary>What one "daily run missing" check found.</summary>
/// <param name="Date">The scheduled data date checked (yesterday, UTC).</param>
/// <param name="Due"><c>false</c> when the configured hour has not come yet (nothing was checked).</param>
/// <param name="Missing">Jobs without a SUCCEEDED or PARTIAL item for the date, with the state they have ("not launched" when none).</param>
/// <param name="Sent">Alerts posted now (an alert already sent for the job and date is not repeated).</param>
public sealed record MissingRunReport(DateOnly Date, bool Due, IReadOnlyList<(string Job, string State)> Missing, int Sent);

/// <summary>
/// The "daily run missing" alert: by <see cref="MissingRunOptions.HourUtc"/>, every scheduled job must have a SUCCEEDED (or
/// PARTIAL) ledger item for yesterday's date; rooms that get FAILED messages are told about each that has not, once per job
/// and date (a sent mark <c>notify#missing#&lt;job&gt;#&lt;date&gt;#&lt;room&gt;</c>). Run by an EventBridge schedule at that hour
/// (the notifier Lambda answers <c>Scheduled Event</c>s with this check) or by <c>covidspark notify check-missing</c>.
/// </summary>
public sealed class MissingRunCheck
{
    private readonly NotifierOptions _options;
    private readonly IAmazonDynamoDB _ddb;
    private readonly string _table;
    private readonly ISecretResolver _secrets;
    private readonly WebhookClient _webhooks;
    private readonly ISentMarkStore _marks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the check.</summary>
    public MissingRunCheck(NotifierOptions options, IAmazonDynamoDB ddb, string table, ISecretResolver secrets, WebhookClient webhooks, ISentMarkStore marks,
        TimeProvider time, ILogger<MissingRunCheck> logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _ddb = ddb ?? throw new ArgumentNullException(nameof(ddb));
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _table = table;
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _webhooks = webhooks ?? throw new ArgumentNullException(nameof(webhooks));
        _marks = marks ?? throw new ArgumentNullException(nameof(marks));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Checks yesterday's scheduled runs and alerts about missing ones.</summary>
    /// <exception cref="NotifierConfigException">The check is not configured.</exception>
    /// <exception cref="StreamReadException">The ledger could not be read.</exception>
    /// <exception cref="NotifierException">An alert could not be posted (the next run of the check tries again).</exception>
    public async Task<MissingRunReport> RunAsync(CancellationToken cancellationToken)
    {
        var settings = _options.MissingRun ?? throw new NotifierConfigException("missing-run check",
            ["it is off: set COVIDSPARK_MISSING_RUN_HOUR (0-23, UTC) or 'missingRun' in the configuration file"]);
        var now = _time.GetUtcNow();
        var date = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        if (now.UtcDateTime.Hour < settings.HourUtc) return new MissingRunReport(date, false, [], 0);
        var missing = new List<(string Job, string State)>();
        foreach (var job in settings.Jobs)
        {
            var state = await StateAsync(job, date, cancellationToken).ConfigureAwait(false);
            if (state != JobState.Succeeded.ToWire() && state != JobState.Partial.ToWire()) missing.Add((job, state ?? "not launched"));
        }
        var sent = 0;
        foreach (var (job, state) in missing)
        {
            Log.RunMissing(_logger, job, Text.Date(date), state, settings.HourUtc);
            foreach (var destination in _options.Destinations.Where(d => d.Wants(JobState.Failed)))
                if (await AlertAsync(destination, job, date, state, settings.HourUtc, cancellationToken).ConfigureAwait(false)) sent++;
        }
        return new MissingRunReport(date, true, missing, sent);
    }

    private async Task<bool> AlertAsync(Destination destination, string job, DateOnly date, string state, int hour, CancellationToken cancellationToken)
    {
        var mark = new SentMark($"missing#{job}#{Text.Date(date)}", destination.Name);
        var owner = $"missing:{Guid.NewGuid():N}";
        if (await _marks.ClaimAsync(mark, owner, cancellationToken).ConfigureAwait(false) is ClaimOutcome.AlreadySent or ClaimOutcome.HeldByAnother) return false;
        var title = $"\u23F0 Daily run missing: {job} {Text.Date(date)}";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{job} has no SUCCEEDED run for {Text.Date(date)} by {hour:00}:00 UTC (its state: {state}). See `covidspark status --from {Text.Date(date)} --to {Text.Date(date)}`; launch it with `covidspark launch --date {Text.Date(date)}`.");
        var formatter = MessageFormatters.For(destination.Kind);
        try
        {
            string? ts = null;
            if (destination.Kind == DestinationKind.Slack && destination.Bot is { } bot)
            {
                var token = await _secrets.ReadAsync(bot.Token, cancellationToken).ConfigureAwait(false);
                var slack = new SlackApiClient(_webhooks, _options.SlackApiUrl, _options.SlackLimits, _time);
                ts = await slack.PostMessageAsync(destination.Name, token, bot.Channel, System.Text.Json.Nodes.JsonNode.Parse(formatter.Notice(title, text, null))!.AsObject(),
                    mark.Pk, null, false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var url = await _secrets.ResolveAsync(destination.Webhook!, destination.Kind, _options.AllowInsecureWebhooks, cancellationToken).ConfigureAwait(false);
                await _webhooks.PostAsync(destination, url, formatter.Notice(title, text, null), cancellationToken).ConfigureAwait(false);
            }
            await _marks.MarkSentAsync(mark, owner, CancellationToken.None, ts).ConfigureAwait(false);
            return true;
        }
        catch (NotifierException)
        {
            await _marks.ReleaseAsync(mark, owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string?> StateAsync(string job, DateOnly date, CancellationToken cancellationToken)
    {
        try
        {
            var resp = await _ddb.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = new Dictionary<string, AttributeValue> { [LedgerSchema.Pk] = new() { S = new JobKey(job, date).PartitionKey } },
                ConsistentRead = true,
                ProjectionExpression = "#s",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = LedgerSchema.State },
            }, cancellationToken).ConfigureAwait(false);
            return resp.Item is { } item && item.TryGetValue(LedgerSchema.State, out var s) ? s.S : null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new StreamReadException("GetItem", true, e);
        }
    }
}
