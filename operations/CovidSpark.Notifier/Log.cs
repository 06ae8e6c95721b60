using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier;

/// <summary>Event ids of the notifier's log messages (stable, for filters and alarms).</summary>
public static class NotifierEventIds
{
    /// <summary>A state change was found on the stream.</summary>
    public const int TransitionDetected = 7001;
    /// <summary>A record needed no message.</summary>
    public const int RecordIgnored = 7002;
    /// <summary>A record could not be read.</summary>
    public const int RecordUnreadable = 7003;
    /// <summary>A message had been sent before (retried batch) and was skipped.</summary>
    public const int AlreadySent = 7004;
    /// <summary>Messages were coalesced into a digest.</summary>
    public const int DigestSent = 7005;
    /// <summary>The batch finished with failures.</summary>
    public const int BatchFailed = 7006;
    /// <summary>Another sender holds the claim on a message.</summary>
    public const int ClaimHeld = 7007;
    /// <summary>A batch was processed.</summary>
    public const int BatchProcessed = 7008;
    /// <summary>A message was posted but its sent mark could not be written.</summary>
    public const int MarkNotWritten = 7009;
    /// <summary>A claim could not be given back after a failed post.</summary>
    public const int ClaimNotReleased = 7010;
    /// <summary>The configuration was accepted with a warning (a Chime room, insecure webhooks allowed).</summary>
    public const int ConfigurationWarning = 7011;
    /// <summary>A scheduled job has no successful run for its date by the configured hour.</summary>
    public const int RunMissing = 7012;
    /// <summary>A message was posted.</summary>
    public const int Posted = 7101;
    /// <summary>A post will be retried.</summary>
    public const int RetryScheduled = 7102;
    /// <summary>A post failed for good.</summary>
    public const int DeliveryFailed = 7103;
    /// <summary>A post whose answer was lost had arrived (the target confirmed it), so it was not posted again.</summary>
    public const int ConfirmedArrival = 7104;
    /// <summary>A webhook post was sent but never answered; counted as delivered (unconfirmed) rather than posted twice.</summary>
    public const int Unconfirmed = 7105;
    /// <summary>A page of a shard was read.</summary>
    public const int ShardPageRead = 7201;
    /// <summary>A checkpoint was stored.</summary>
    public const int CheckpointSaved = 7202;
    /// <summary>Draining stopped at a failed record.</summary>
    public const int DrainStopped = 7203;
    /// <summary>A checkpoint had aged out of the stream.</summary>
    public const int CheckpointTrimmed = 7204;
}

/// <summary>Source-generated log messages (templates, never interpolation; never a webhook URL).</summary>
internal static partial class Log
{
    [LoggerMessage(NotifierEventIds.TransitionDetected, LogLevel.Information, "Job {Job} {DataDate} attempt {Attempt}: {Previous} -> {State} (sequence {SequenceNumber})")]
    public static partial void TransitionDetected(ILogger logger, string job, string dataDate, int attempt, string previous, string state, string sequenceNumber);

    [LoggerMessage(NotifierEventIds.RecordIgnored, LogLevel.Debug, "Stream record {SequenceNumber} ({EventName}) needs no message: {Reason}")]
    public static partial void RecordIgnored(ILogger logger, string? sequenceNumber, string? eventName, string reason);

    [LoggerMessage(NotifierEventIds.RecordUnreadable, LogLevel.Error, "Stream record {SequenceNumber} cannot be read; it is reported as failed")]
    public static partial void RecordUnreadable(ILogger logger, Exception exception, string? sequenceNumber);

    [LoggerMessage(NotifierEventIds.AlreadySent, LogLevel.Information, "Message {TransitionKey} to {Destination} was already sent; skipped")]
    public static partial void AlreadySent(ILogger logger, string transitionKey, string destination);

    [LoggerMessage(NotifierEventIds.DigestSent, LogLevel.Information, "Sent digest {Part}/{Parts} with {Count} job updates to {Destination}")]
    public static partial void DigestSent(ILogger logger, int part, int parts, int count, string destination);

    [LoggerMessage(NotifierEventIds.BatchFailed, LogLevel.Warning, "Batch of {Count} records: first failed record is {SequenceNumber}; Lambda retries from there")]
    public static partial void BatchFailed(ILogger logger, int count, string sequenceNumber);

    [LoggerMessage(NotifierEventIds.ClaimHeld, LogLevel.Warning, "Message {TransitionKey} to {Destination} is being sent by another invocation; the record will be retried")]
    public static partial void ClaimHeld(ILogger logger, string transitionKey, string destination);

    [LoggerMessage(NotifierEventIds.BatchProcessed, LogLevel.Information, "Batch of {Count} records: {Transitions} state changes, {Messages} messages sent, {Skipped} already sent")]
    public static partial void BatchProcessed(ILogger logger, int count, int transitions, int messages, int skipped);

    [LoggerMessage(NotifierEventIds.MarkNotWritten, LogLevel.Error, "Message {TransitionKey} to {Destination} was posted but its sent mark was not written; a retry of this record would post it again")]
    public static partial void MarkNotWritten(ILogger logger, Exception exception, string transitionKey, string destination);

    [LoggerMessage(NotifierEventIds.ClaimNotReleased, LogLevel.Warning, "Claim on {TransitionKey} to {Destination} could not be released; it expires with its lease")]
    public static partial void ClaimNotReleased(ILogger logger, Exception exception, string transitionKey, string destination);

    [LoggerMessage(NotifierEventIds.ConfigurationWarning, LogLevel.Warning, "Notifier configuration: {Warning}")]
    public static partial void ConfigurationWarning(ILogger logger, string warning);

    [LoggerMessage(NotifierEventIds.RunMissing, LogLevel.Warning, "Daily run missing: {Job} {DataDate} is {State} after {HourUtc}:00 UTC")]
    public static partial void RunMissing(ILogger logger, string job, string dataDate, string state, int hourUtc);

    [LoggerMessage(NotifierEventIds.Posted, LogLevel.Information, "Posted to {Destination} ({Host}) with status {Status} after {Attempts} attempt(s)")]
    public static partial void Posted(ILogger logger, string destination, string host, int status, int attempts);

    [LoggerMessage(NotifierEventIds.RetryScheduled, LogLevel.Warning, "Post to {Destination} attempt {Attempt} failed ({Problem}); retrying in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string destination, int attempt, string problem, long delayMs);

    [LoggerMessage(NotifierEventIds.DeliveryFailed, LogLevel.Error, "Post to {Destination} failed for good after {Attempts} attempt(s): {Problem}")]
    public static partial void DeliveryFailed(ILogger logger, string destination, int attempts, string problem);

    [LoggerMessage(NotifierEventIds.ConfirmedArrival, LogLevel.Warning, "Post to {Destination} attempt {Attempt} got no answer, but the message had arrived; not posted again")]
    public static partial void ConfirmedArrival(ILogger logger, string destination, int attempt);

    [LoggerMessage(NotifierEventIds.Unconfirmed, LogLevel.Warning, "Post to {Destination} attempt {Attempt} was sent but not answered ({Problem}); counted as delivered, not posted again, since a webhook cannot say whether it arrived")]
    public static partial void Unconfirmed(ILogger logger, string destination, int attempt, string problem);

    [LoggerMessage(NotifierEventIds.ShardPageRead, LogLevel.Debug, "Shard {ShardId}: read {Count} records")]
    public static partial void ShardPageRead(ILogger logger, string shardId, int count);

    [LoggerMessage(NotifierEventIds.CheckpointSaved, LogLevel.Debug, "Shard {ShardId}: checkpoint at sequence {SequenceNumber}")]
    public static partial void CheckpointSaved(ILogger logger, string shardId, string sequenceNumber);

    [LoggerMessage(NotifierEventIds.DrainStopped, LogLevel.Warning, "Shard {ShardId}: stopped at failed record {SequenceNumber}; the next drain resumes there")]
    public static partial void DrainStopped(ILogger logger, string shardId, string sequenceNumber);

    [LoggerMessage(NotifierEventIds.CheckpointTrimmed, LogLevel.Warning, "Shard {ShardId}: checkpoint {SequenceNumber} is older than the stream's 24-hour retention; records in between are gone, reading from the oldest record kept")]
    public static partial void CheckpointTrimmed(ILogger logger, string shardId, string sequenceNumber);
}
