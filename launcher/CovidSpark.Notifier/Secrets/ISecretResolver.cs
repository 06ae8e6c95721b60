namespace CovidSpark.Notifier.Secrets;

/// <summary>Reads the secret a <see cref="SecretReference"/> points to (a webhook URL or a bot token).</summary>
public interface ISecretResolver
{
    /// <summary>Reads the secret.</summary>
    /// <exception cref="SecretUnavailableException">The secret is missing, unreadable or stored unsafely.</exception>
    ValueTask<SecretValue> ReadAsync(SecretReference reference, CancellationToken cancellationToken);
}

/// <summary>Reads secrets as the values they hold.</summary>
public static class SecretResolverExtensions
{
    /// <summary>Reads a webhook URL.</summary>
    /// <exception cref="SecretUnavailableException">The secret is missing, unreadable, or not an absolute http(s) URL.</exception>
    public static async ValueTask<WebhookUrl> ResolveAsync(this ISecretResolver resolver, SecretReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var value = await resolver.ReadAsync(reference, cancellationToken).ConfigureAwait(false);
        try { return new WebhookUrl(value.Reveal()); }
        catch (ArgumentException) { throw new SecretUnavailableException(reference, "the value is not an absolute http(s) URL", isTransient: false); }
    }
}
