using System.Text.Json;
using CovidSpark.Notifier.Events;
using CovidSpark.Notifier.Processing;
using CovidSpark.Ledger;

namespace CovidSpark.Notifier.Lambda;

/// <summary>
/// The notifier Lambda handler: a DynamoDB Streams event in, a partial batch response out
/// (<c>{"batchItemFailures":[{"itemIdentifier":"&lt;sequence number&gt;"}]}</c>). Thin: parse, call
/// <see cref="NotificationProcessor"/>, map the outcome. Subscribe it with <c>FunctionResponseTypes=["ReportBatchItemFailures"]</c>.
/// </summary>
public sealed class NotifierFunction
{
    /// <summary>Claim owner prefix of the Lambda sender.</summary>
    public const string LambdaSender = "lambda";

    private readonly NotificationProcessor _processor;
    private readonly MissingRunCheck? _missingRun;
    private readonly string _sender;

    /// <summary>Creates the handler.</summary>
    /// <param name="processor">The domain service.</param>
    /// <param name="sender">Names this sender in sent-mark claims: <c>lambda</c> in AWS, <c>drain</c> for the local poller.
    /// Each batch claims under <c>&lt;sender&gt;:&lt;invocation id&gt;:&lt;sequence&gt;</c>, unique per invocation, so two senders
    /// reading the same record never both post it.</param>
    /// <param name="missingRun">The "daily run missing" check an EventBridge <c>Scheduled Event</c> runs; null when off.</param>
    public NotifierFunction(NotificationProcessor processor, string sender = LambdaSender, MissingRunCheck? missingRun = null)
    {
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _missingRun = missingRun;
        ArgumentException.ThrowIfNullOrWhiteSpace(sender);
        _sender = sender;
    }

    /// <summary>Handles a typed event.</summary>
    public async Task<StreamsEventResponse> HandleAsync(DynamoDbStreamEvent streamEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streamEvent);
        return ToResponse(await HandleBatchAsync(streamEvent.Records, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Handles a batch of records and returns the full outcome (the local poller reports it).</summary>
    public Task<BatchOutcome> HandleBatchAsync(IReadOnlyList<DynamoDbStreamRecord> records, CancellationToken cancellationToken) =>
        _processor.ProcessAsync(records, _sender, cancellationToken);

    /// <summary>
    /// Handles the raw event JSON as the Lambda Runtime API delivers it; returns the response JSON. A DynamoDB Streams event
    /// is delivered; an EventBridge <c>Scheduled Event</c> runs the "daily run missing" check.
    /// </summary>
    /// <exception cref="JsonException">The payload is neither a DynamoDB Streams event nor a scheduled event.</exception>
    public async Task<string> HandleJsonAsync(string eventJson, CancellationToken cancellationToken)
    {
        if (IsScheduledEvent(eventJson))
        {
            if (_missingRun is null) throw new JsonException("A Scheduled Event reached the notifier, but its daily-run check is off (set COVIDSPARK_MISSING_RUN_HOUR).");
            var report = await _missingRun.RunAsync(cancellationToken).ConfigureAwait(false);
            var missing = new System.Text.Json.Nodes.JsonArray([.. report.Missing.Select(m => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["job"] = m.Job, ["state"] = m.State })]);
            return new System.Text.Json.Nodes.JsonObject
            {
                ["date"] = LedgerFormats.FormatDate(report.Date),
                ["due"] = report.Due,
                ["missing"] = missing,
                ["alertsSent"] = report.Sent,
            }.ToJsonString();
        }
        var streamEvent = JsonSerializer.Deserialize(eventJson, NotifierJsonContext.Default.DynamoDbStreamEvent)
            ?? throw new JsonException("The invocation payload is empty; a DynamoDB Streams event was expected.");
        var response = await HandleAsync(streamEvent, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(response, NotifierJsonContext.Default.StreamsEventResponse);
    }

    private static bool IsScheduledEvent(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detail-type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() == "Scheduled Event";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Maps an outcome to Lambda's response: the first failed record only, since Lambda retries a shard from there.</summary>
    public static StreamsEventResponse ToResponse(BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.FirstFailedSequenceNumber is { } seq
            ? new StreamsEventResponse { BatchItemFailures = [new BatchItemFailure { ItemIdentifier = seq }] }
            : new StreamsEventResponse();
    }
}
