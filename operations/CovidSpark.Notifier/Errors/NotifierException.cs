using CovidSpark.Aws;
namespace CovidSpark.Notifier.Errors;

/// <summary>
/// Base of every failure the notifier reports. Messages name the record, destination or setting involved
/// and never contain a webhook URL or any other secret.
/// </summary>
public abstract class NotifierException : CovidSparkOperationsException
{
    /// <summary>Creates the exception.</summary>
    protected NotifierException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary><c>true</c> when trying again later may succeed (throttling, 5xx, timeouts).</summary>
    public abstract override bool IsTransient { get; }
}
