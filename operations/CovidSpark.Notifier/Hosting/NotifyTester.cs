using System.Text.Json.Nodes;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Formatting;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;

namespace CovidSpark.Notifier.Hosting;

/// <summary>What <see cref="NotifyTester"/> got from one destination.</summary>
/// <param name="Destination">The destination's name.</param>
/// <param name="Kind">Slack, Teams or Chime.</param>
/// <param name="Attempts">Attempts the post took (0 when the secret could not be read).</param>
/// <param name="Error">Why it failed (already redacted); null on success.</param>
public sealed record NotifyTestResult(string Destination, DestinationKind Kind, int Attempts, string? Error)
{
    /// <summary>Something the user should know whatever the answer (Chime's end of support); null when nothing.</summary>
    public string? Notice => Kind == DestinationKind.Chime ? ChimeMessageFormatter.EndOfSupportNotice : null;

    /// <summary><c>true</c> when the message was accepted.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>Posts a short test message to configured destinations (<c>covidspark notify test --to slack|teams|chime|&lt;name&gt;</c>).</summary>
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

    /// <summary>Sends to every destination of kind <paramref name="target"/> (<c>slack</c>, <c>teams</c>, <c>chime</c>) or to the one so named.</summary>
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
            var formatter = MessageFormatters.For(d.Kind);
            var body = formatter.Test(d.Name, _time.GetUtcNow());
            try
            {
                if (d.Kind == DestinationKind.Slack && d.Bot is { } bot)
                {
                    // With a bot token the test goes where job threads go: chat.postMessage to the bot's channel.
                    var token = await _secrets.ReadAsync(bot.Token, cancellationToken).ConfigureAwait(false);
                    var slack = new SlackApiClient(_webhooks, _options.SlackApiUrl, _options.SlackLimits, _time);
                    await slack.PostMessageAsync(d.Name, token, bot.Channel, JsonNode.Parse(body)!.AsObject(), $"test#{_time.GetUtcNow().ToUnixTimeMilliseconds()}", null, false, cancellationToken).ConfigureAwait(false);
                    results.Add(new NotifyTestResult(d.Name, d.Kind, 1, null));
                    continue;
                }
                var url = await _secrets.ResolveAsync(d.Webhook!, d.Kind, _options.AllowInsecureWebhooks, cancellationToken).ConfigureAwait(false);
                var attempts = await _webhooks.PostAsync(d, url, body, cancellationToken).ConfigureAwait(false);
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
