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

    /// <summary>Reads a webhook URL of a <paramref name="kind"/> room and checks it points to that service (<see cref="WebhookHosts"/>).</summary>
    /// <exception cref="SecretUnavailableException">The secret is missing or unreadable, or the URL is not https to a known host
    /// of the service while <paramref name="allowInsecure"/> is off.</exception>
    public static async ValueTask<WebhookUrl> ResolveAsync(this ISecretResolver resolver, SecretReference reference, Routing.DestinationKind kind, bool allowInsecure,
        CancellationToken cancellationToken)
    {
        var url = await resolver.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        if (!allowInsecure && WebhookHosts.Problem(url.Reveal(), WebhookHosts.For(kind)) is { } problem)
            throw new SecretUnavailableException(reference, $"the {kind.ToString().ToLowerInvariant()} webhook URL {problem}", isTransient: false);
        return url;
    }
}
