namespace CovidSpark.Notifier.Secrets;

/// <summary>Where a secret is kept.</summary>
public enum SecretSource
{
    /// <summary>An SSM Parameter Store parameter (SecureString, read with decryption).</summary>
    Ssm,

    /// <summary>An environment variable (local use).</summary>
    Environment,
}

/// <summary>
/// A pointer to a webhook URL, never the URL itself: <c>ssm:/covidspark/slack/team</c> or <c>env:SLACK_WEBHOOK_URL</c>.
/// Configuration files hold these, so they can be committed without leaking anything.
/// </summary>
/// <param name="Source">Where the secret is kept.</param>
/// <param name="Name">The parameter name or the variable name (not secret).</param>
public sealed record SecretReference(SecretSource Source, string Name)
{
    /// <summary>Parses <c>ssm:&lt;parameter&gt;</c> or <c>env:&lt;VARIABLE&gt;</c>.</summary>
    /// <exception cref="FormatException">The text has neither prefix or names nothing. The message never repeats the text,
    /// since a user may have pasted a URL by mistake.</exception>
    public static SecretReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.StartsWith("ssm:", StringComparison.OrdinalIgnoreCase) && t.Length > 4) return new(SecretSource.Ssm, t[4..]);
        if (t.StartsWith("env:", StringComparison.OrdinalIgnoreCase) && t.Length > 4) return new(SecretSource.Environment, t[4..]);
        throw new FormatException(
            "A webhook must be given as 'ssm:<parameter name>' or 'env:<VARIABLE>', never as the URL itself (the URL is a secret).");
    }

    /// <inheritdoc />
    public override string ToString() => (Source == SecretSource.Ssm ? "ssm:" : "env:") + Name;
}
