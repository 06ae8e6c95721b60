namespace CovidSpark.Notifier.Secrets;

/// <summary>
/// A secret read from SSM or the environment (a webhook URL, a Slack bot token). <see cref="ToString"/> never shows it;
/// the value is reachable only through <see cref="Reveal"/>, for the HTTP request that needs it.
/// </summary>
public sealed class SecretValue
{
    private readonly string _value;

    /// <summary>Wraps a non-empty secret (trimmed).</summary>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public SecretValue(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>The secret itself. Never log it.</summary>
    public string Reveal() => _value;

    /// <summary>Removes the secret from a text such as a third-party error message.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(_value, "(secret)", StringComparison.Ordinal);
    }

    /// <summary>Never the value.</summary>
    public override string ToString() => "(secret)";
}
