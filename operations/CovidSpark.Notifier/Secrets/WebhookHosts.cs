using CovidSpark.Notifier.Routing;

namespace CovidSpark.Notifier.Secrets;

/// <summary>
/// Where each chat service's webhooks live: a webhook (or the Slack Web API) must be <c>https</c> to one of these hosts,
/// so a leaked or mistyped configuration cannot send job data elsewhere. Local tests and rehearsals, whose servers are
/// plain http on loopback, set <c>COVIDSPARK_ALLOW_INSECURE_WEBHOOKS=1</c> (and are warned at start).
/// </summary>
public static class WebhookHosts
{
    /// <summary>The variable that lifts the check.</summary>
    public const string AllowInsecureVariable = "COVIDSPARK_ALLOW_INSECURE_WEBHOOKS";

    /// <summary>Hosts of Slack incoming webhooks.</summary>
    public static IReadOnlyList<string> Slack { get; } = ["hooks.slack.com"];

    /// <summary>Host of the Slack Web API.</summary>
    public static IReadOnlyList<string> SlackApi { get; } = ["slack.com"];

    /// <summary>Host suffixes of Teams Workflows webhooks (Power Automate / Logic Apps triggers, and Teams' own webhook domain).</summary>
    public static IReadOnlyList<string> Teams { get; } = ["*.webhook.office.com", "*.logic.azure.com", "*.powerplatform.com"];

    /// <summary>Host of Amazon Chime webhooks.</summary>
    public static IReadOnlyList<string> Chime { get; } = ["hooks.chime.aws"];

    /// <summary>The hosts a <paramref name="kind"/> webhook may point to.</summary>
    public static IReadOnlyList<string> For(DestinationKind kind) => kind switch
    {
        DestinationKind.Slack => Slack,
        DestinationKind.Teams => Teams,
        DestinationKind.Chime => Chime,
        _ => [],
    };

    /// <summary>Why <paramref name="url"/> may not be used for <paramref name="hosts"/>, or null when it may. Names scheme and host only.</summary>
    public static string? Problem(Uri url, IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(hosts);
        var allowed = string.Join(", ", hosts);
        if (url.Scheme != Uri.UriSchemeHttps || !url.IsDefaultPort)
            return $"must be https (default port) to {allowed}, not {url.Scheme}://{url.Authority}/… ({AllowInsecureVariable}=1 allows other URLs for local tests)";
        var host = url.IdnHost.ToLowerInvariant();
        var ok = hosts.Any(h => h.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(h[1..], StringComparison.Ordinal) && host.Length > h.Length - 1
            : host == h);
        return ok ? null : $"points to {host}, which is not a known host of this service ({allowed})";
    }
}
