namespace CovidSpark.Notifier.Secrets;

/// <summary>Resolves a <see cref="SecretReference"/> to the webhook URL it points to.</summary>
public interface ISecretResolver
{
    /// <summary>Reads the secret.</summary>
    /// <exception cref="SecretUnavailableException">The secret is missing, unreadable or not a URL.</exception>
    ValueTask<WebhookUrl> ResolveAsync(SecretReference reference, CancellationToken cancellationToken);
}
