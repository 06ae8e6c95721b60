using CovidSpark.Notifier.Errors;

namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// A message could not be posted to a destination after the retries the policy allows (or at once, for a permanent
/// answer such as 400/403/404/410). Names the destination, never its URL.
/// </summary>
public sealed class WebhookDeliveryException : NotifierException
{
    /// <summary>Creates the exception.</summary>
    public WebhookDeliveryException(string destination, int? statusCode, int attempts, bool isTransient, string problem)
        : base($"Posting to destination '{destination}' failed after {attempts} attempt(s): {problem}")
    {
        Destination = destination;
        StatusCode = statusCode;
        Attempts = attempts;
        IsTransient = isTransient;
    }

    /// <summary>The destination's name.</summary>
    public string Destination { get; }

    /// <summary>The last HTTP status, when an answer came.</summary>
    public int? StatusCode { get; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; }

    /// <inheritdoc />
    public override bool IsTransient { get; }
}
