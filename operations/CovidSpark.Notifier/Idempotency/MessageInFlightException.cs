using CovidSpark.Notifier.Errors;

namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Another sender holds the claim on a message (e.g. a local drain and the Lambda read the same stream at once).
/// The record is failed so it is retried after the other sender is done.
/// </summary>
public sealed class MessageInFlightException(SentMark mark)
    : NotifierException($"Message '{mark?.Pk}' is being sent by another sender; retry later.")
{
    /// <summary>The contended mark.</summary>
    public SentMark Mark { get; } = mark ?? throw new ArgumentNullException(nameof(mark));

    /// <inheritdoc />
    public override bool IsTransient => true;
}
