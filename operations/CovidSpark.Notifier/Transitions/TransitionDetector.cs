using CovidSpark.Notifier.Events;

namespace CovidSpark.Notifier.Transitions;

/// <summary>Why a stream record produced no notification.</summary>
public enum IgnoreReason
{
    /// <summary>Not ignored.</summary>
    None = 0,

    /// <summary>The item was deleted (REMOVE): deletions are housekeeping (TTL), not job events.</summary>
    Removed,

    /// <summary>The item is not a job (a sent mark, a checkpoint, or an item without <c>state</c>).</summary>
    NotAJob,

    /// <summary>The write changed other attributes but not <c>state</c>.</summary>
    StateUnchanged,
}

/// <summary>What the detector made of one stream record: a transition to announce, or the reason to skip it.</summary>
public readonly record struct Detection(JobTransition? Transition, IgnoreReason Reason)
{
    /// <summary>A record that needs no notification.</summary>
    public static Detection Ignore(IgnoreReason reason) => new(null, reason);
}

/// <summary>
/// Decides, from the old and new images, whether a stream record is a state change of a job.
/// INSERT counts as a change from "nothing"; MODIFY only when <c>state</c> differs; REMOVE never.
/// </summary>
public static class TransitionDetector
{
    /// <summary>Examines one record.</summary>
    /// <param name="record">The stream record.</param>
    /// <param name="fallbackRegion">Region to use when the record does not carry one.</param>
    /// <exception cref="Errors.MalformedJobImageException">The record is a job state change but the new image breaks the ledger contract.</exception>
    /// <exception cref="ArgumentException">The record has no sequence number.</exception>
    public static Detection Detect(DynamoDbStreamRecord record, string fallbackRegion)
    {
        ArgumentNullException.ThrowIfNull(record);
        var data = record.Dynamodb;
        if (string.Equals(record.EventName, "REMOVE", StringComparison.Ordinal) || data?.NewImage is null)
            return Detection.Ignore(IgnoreReason.Removed);
        if (!JobImageMapper.IsJobItem(data.NewImage))
            return Detection.Ignore(IgnoreReason.NotAJob);
        var before = JobImageMapper.ReadState(data.OldImage);
        var after = JobImageMapper.ReadState(data.NewImage);
        if (before == after)
            return Detection.Ignore(IgnoreReason.StateUnchanged);
        var sequence = data.SequenceNumber;
        if (string.IsNullOrEmpty(sequence))
            throw new ArgumentException("A stream record without a SequenceNumber cannot be acknowledged.", nameof(record));
        var snapshot = JobImageMapper.Map(data.NewImage);
        var region = string.IsNullOrEmpty(record.AwsRegion) ? fallbackRegion : record.AwsRegion;
        return new Detection(new JobTransition(sequence, before, snapshot, region), IgnoreReason.None);
    }
}
