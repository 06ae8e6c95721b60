using CovidSpark.Notifier.Errors;

namespace CovidSpark.Notifier.Secrets;

/// <summary>A webhook secret could not be read. Names the reference (parameter or variable name), never the value.</summary>
public sealed class SecretUnavailableException : NotifierException
{
    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(SecretReference reference, string problem, bool isTransient, Exception? inner = null)
        : base($"Webhook secret {reference}: {problem}", inner)
    {
        Reference = reference;
        IsTransient = isTransient;
    }

    /// <summary>The reference that failed.</summary>
    public SecretReference Reference { get; }

    /// <inheritdoc />
    public override bool IsTransient { get; }
}
