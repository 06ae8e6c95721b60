using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;

namespace CovidSpark.Notifier.Hosting;

/// <summary>What <see cref="NotifyTester"/> got from one destination.</summary>
/// <param name="Destination">The destination's name.</param>
/// <param name="Kind">Slack or Chime.</param>
/// <param name="Attempts">Attempts the post took (0 when the secret could not be read).</param>
/// <param name="Error">Why it failed (already redacted); null on success.</param>
public sealed record NotifyTestResult(string Destination, DestinationKind Kind, int Attempts, string? Error)
{
    /// <summary><c>true</c> when the message was accepted.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>Posts a short test message to configured destinations (<c>covidspark notify test --to slack|chime|&lt;name&gt;</c>).</summary>
public sealed class NotifyTester
{
    private readonly NotifierOptions _options;
    private readonly ISecretResolver _secrets;
    private readonly WebhookClient _webhooks;
    private readonly TimeProvider _time;

    /// <summary>Creates the tester.</summary>
    public NotifyTester(NotifierOptions options, ISecretResolver secrets, WebhookClient webhooks, TimeProvider time)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _webhooks = webhooks ?? throw new ArgumentNullException(nameof(webhooks));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Sends to every destination of kind <paramref name="target"/> (<c>slack</c>, <c>chime</c>) or to the one so named.</summary>
    /// <exception cref="NotifierConfigException">No destination matches; the message lists the configured ones.</exception>
    public async Task<IReadOnlyList<NotifyTestResult>> SendAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var matches = _options.Destinations.Where(d =>
            string.Equals(d.Name, target, StringComparison.Ordinal) ||
            (Enum.TryParse<DestinationKind>(target, ignoreCase: true, out var kind) && d.Kind == kind)).ToList();
        if (matches.Count == 0)
            throw new NotifierConfigException("notify test", [$"no destination is a '{target}' one; configured: " +
                (_options.Destinations.Count == 0 ? "none" : string.Join(", ", _options.Destinations.Select(d => $"{d.Name} ({d.Kind.ToString().ToLowerInvariant()})")))]);
        var results = new List<NotifyTestResult>();
        foreach (var d in matches)
        {
            IMessageFormatter formatter = d.Kind == DestinationKind.Slack ? new SlackMessageFormatter() : new ChimeMessageFormatter();
            try
            {
                var url = await _secrets.ResolveAsync(d.Webhook, cancellationToken).ConfigureAwait(false);
                var attempts = await _webhooks.PostAsync(d, url, formatter.Test(d.Name, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                results.Add(new NotifyTestResult(d.Name, d.Kind, attempts, null));
            }
            catch (NotifierException e)
            {
                results.Add(new NotifyTestResult(d.Name, d.Kind, (e as WebhookDeliveryException)?.Attempts ?? 0, e.Message));
            }
        }
        return results;
    }
}
