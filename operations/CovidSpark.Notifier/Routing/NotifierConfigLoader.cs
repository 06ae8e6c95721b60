using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Routing;

/// <summary>
/// Builds <see cref="NotifierOptions"/> from a JSON file or from environment variables, reporting every problem at once.
/// </summary>
/// <remarks>
/// Variables read:
/// <list type="bullet">
/// <item><c>COVIDSPARK_NOTIFY_CONFIG</c>: path of a JSON configuration file, or the JSON itself (starting with <c>{</c>).</item>
/// <item>Otherwise <c>COVIDSPARK_TEAMS_WEBHOOK_URL</c> / <c>COVIDSPARK_SLACK_WEBHOOK_URL</c> / <c>COVIDSPARK_CHIME_WEBHOOK_URL</c>
/// (the URL, for local use) or their <c>_PARAM</c> forms (an SSM parameter name) define destinations <c>teams</c>, <c>slack</c>
/// and <c>chime</c>; <c>COVIDSPARK_NOTIFY_STATES</c> (comma-separated) limits their states.</item>
/// </list>
/// </remarks>
public static partial class NotifierConfigLoader
{
    /// <summary>Variable naming the configuration file (or holding inline JSON).</summary>
    public const string ConfigVariable = "COVIDSPARK_NOTIFY_CONFIG";

    /// <summary>Loads from the given variable lookup; <paramref name="readFile"/> reads a configuration file (File.ReadAllText by default).</summary>
    /// <exception cref="NotifierConfigException">The configuration is missing or invalid.</exception>
    public static NotifierOptions Load(Func<string, string?> environment, Func<string, string>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = LoadDestinations(environment, readFile);
        if (environment(WebhookHosts.AllowInsecureVariable)?.Trim() is "1" or "true")
            options = options with
            {
                AllowInsecureWebhooks = true,
                Warnings = [.. options.Warnings, $"{WebhookHosts.AllowInsecureVariable}=1: webhook and Slack API URLs are not checked to be https to the services' known hosts (local tests and rehearsals only)"],
            };
        var api = environment(SlackApiUrlVariable);
        if (string.IsNullOrWhiteSpace(api)) return options;
        if (!Uri.TryCreate(api.Trim(), UriKind.Absolute, out var apiUrl) || (apiUrl.Scheme != Uri.UriSchemeHttps && apiUrl.Scheme != Uri.UriSchemeHttp))
            throw new NotifierConfigException("environment", [$"{SlackApiUrlVariable} must be an absolute http(s) URL such as https://slack.com/api/"]);
        if (!options.AllowInsecureWebhooks && WebhookHosts.Problem(apiUrl, WebhookHosts.SlackApi) is { } problem)
            throw new NotifierConfigException("environment", [$"{SlackApiUrlVariable} {problem}"]);
        return options with { SlackApiUrl = apiUrl };
    }

    /// <summary>Variable overriding the Slack Web API base URL (a local server in tests and rehearsals).</summary>
    public const string SlackApiUrlVariable = "COVIDSPARK_SLACK_API_URL";

    private static NotifierOptions LoadDestinations(Func<string, string?> environment, Func<string, string>? readFile)
    {
        var config = environment(ConfigVariable);
        if (!string.IsNullOrWhiteSpace(config))
        {
            if (config.TrimStart().StartsWith('{')) return Parse(config, ConfigVariable);
            string json;
            try { json = (readFile ?? File.ReadAllText)(config); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new NotifierConfigException(config, [$"the file cannot be read: {e.Message}"]);
            }
            return Parse(json, config);
        }
        return FromVariables(environment);
    }

    /// <summary>Parses a configuration document.</summary>
    /// <exception cref="NotifierConfigException">The JSON is malformed or a setting is invalid.</exception>
    public static NotifierOptions Parse(string json, string source)
    {
        NotifierConfigDocument? doc;
        try { doc = JsonSerializer.Deserialize(json, NotifierConfigJsonContext.Default.NotifierConfigDocument); }
        catch (JsonException e) { throw new NotifierConfigException(source, [$"not valid JSON: {e.Message}"]); }
        if (doc is null) throw new NotifierConfigException(source, ["the document is empty"]);
        var problems = new List<string>();
        var destinations = new List<Destination>();
        if (doc.Destinations is not { Count: > 0 }) problems.Add("'destinations' must list at least one destination");
        for (var i = 0; i < (doc.Destinations?.Count ?? 0); i++)
        {
            var d = doc.Destinations![i];
            var at = $"destinations[{i}]" + (d.Name is null ? "" : $" ('{d.Name}')");
            if (ToDestination(d, at, problems) is { } ok) destinations.Add(ok);
        }
        foreach (var dup in destinations.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"destination name '{dup.Key}' is used {dup.Count()} times; names must be unique (they key the sent marks)");
        if (doc.DigestThreshold is < 1) problems.Add("'digestThreshold' must be at least 1");
        if (doc.DigestSize is < 2 or > 45) problems.Add("'digestSize' must be between 2 and 45");
        if (doc.MaxAttempts is < 1 or > 100) problems.Add("'maxAttempts' must be between 1 and 100");
        var missing = doc.MissingRun is null ? null : MissingRun(doc.MissingRun.HourUtc?.ToString(CultureInfo.InvariantCulture),
            doc.MissingRun.Jobs is null ? null : string.Join(',', doc.MissingRun.Jobs), "'missingRun'", problems);
        if (problems.Count > 0) throw new NotifierConfigException(source, problems);
        var options = new NotifierOptions { Destinations = destinations, Warnings = Warnings(destinations) };
        return options with
        {
            DigestThreshold = doc.DigestThreshold ?? options.DigestThreshold,
            DigestSize = doc.DigestSize ?? options.DigestSize,
            MaxAttempts = doc.MaxAttempts ?? options.MaxAttempts,
            MissingRun = missing,
            DefaultRegion = string.IsNullOrWhiteSpace(doc.Region) ? options.DefaultRegion : doc.Region.Trim(),
        };
    }

    private static NotifierOptions FromVariables(Func<string, string?> environment)
    {
        var problems = new List<string>();
        var states = ParseStates(environment("COVIDSPARK_NOTIFY_STATES"), "COVIDSPARK_NOTIFY_STATES", problems);
        var destinations = new List<Destination>();
        foreach (var (name, kind) in new[] { ("teams", DestinationKind.Teams), ("slack", DestinationKind.Slack), ("chime", DestinationKind.Chime) })
        {
            var prefix = $"COVIDSPARK_{name.ToUpperInvariant()}_WEBHOOK";
            SecretReference? reference = null;
            if (!string.IsNullOrWhiteSpace(environment(prefix + "_PARAM"))) reference = new(SecretSource.Ssm, environment(prefix + "_PARAM")!.Trim());
            else if (!string.IsNullOrWhiteSpace(environment(prefix + "_URL"))) reference = new(SecretSource.Environment, prefix + "_URL");
            var bot = kind == DestinationKind.Slack ? BotFromVariables(environment, problems) : null;
            var mention = kind == DestinationKind.Chime ? null : environment($"COVIDSPARK_{name.ToUpperInvariant()}_MENTION")?.Trim();
            if (!string.IsNullOrEmpty(mention)) CheckMention(kind, mention, $"COVIDSPARK_{name.ToUpperInvariant()}_MENTION", problems);
            if (reference is not null || bot is not null)
                destinations.Add(new Destination(name, kind, reference, states) { Bot = bot, Mention = string.IsNullOrEmpty(mention) ? null : mention });
        }
        if (destinations.Count == 0)
            problems.Add($"no destination configured: set {ConfigVariable} to a configuration file, or COVIDSPARK_TEAMS_WEBHOOK_URL / COVIDSPARK_SLACK_WEBHOOK_URL (or their _PARAM forms naming SSM parameters)");
        var maxText = environment("COVIDSPARK_NOTIFY_MAX_ATTEMPTS");
        var max = 3;
        if (!string.IsNullOrWhiteSpace(maxText) && (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out max) || max is < 1 or > 100))
            problems.Add("COVIDSPARK_NOTIFY_MAX_ATTEMPTS must be a whole number between 1 and 100");
        var hour = environment("COVIDSPARK_MISSING_RUN_HOUR");
        var missing = string.IsNullOrWhiteSpace(hour) ? null : MissingRun(hour, environment("COVIDSPARK_SCHEDULED_JOBS"), "COVIDSPARK_MISSING_RUN_HOUR", problems);
        if (problems.Count > 0) throw new NotifierConfigException("environment", problems);
        return new NotifierOptions { Destinations = destinations, Warnings = Warnings(destinations), MaxAttempts = max, MissingRun = missing };
    }

    private static MissingRunOptions? MissingRun(string? hourText, string? jobsText, string at, List<string> problems)
    {
        if (!int.TryParse(hourText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var hour) || hour is < 0 or > 23)
        {
            problems.Add($"{at}: the hour must be a whole number from 0 to 23 (UTC)");
            return null;
        }
        var jobs = (jobsText ?? "pipeline").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (jobs.Length == 0 || jobs.Any(j => !NamePattern().IsMatch(j)))
        {
            problems.Add($"{at}: the scheduled jobs must be job names (letters, digits, '-', '_'), e.g. pipeline");
            return null;
        }
        return new MissingRunOptions(hour, jobs);
    }

    private static void CheckMention(DestinationKind kind, string mention, string at, List<string> problems)
    {
        if (kind == DestinationKind.Slack && Formatting.SlackMention.Tag(mention) is null)
            problems.Add($"{at}: a Slack mention is 'here', 'channel', 'subteam:<user group id>' or 'user:<user id>'");
        else if (kind == DestinationKind.Teams && Formatting.TeamsMention.TryParse(mention) is null)
            problems.Add($"{at}: a Teams mention is '<user object id or UPN>|<display name>'");
        else if (kind == DestinationKind.Chime)
            problems.Add($"{at}: Chime rooms take no mentions");
    }

    private static SlackBot? BotFromVariables(Func<string, string?> environment, List<string> problems)
    {
        SecretReference? token = null;
        if (!string.IsNullOrWhiteSpace(environment("COVIDSPARK_SLACK_BOT_TOKEN_PARAM"))) token = new(SecretSource.Ssm, environment("COVIDSPARK_SLACK_BOT_TOKEN_PARAM")!.Trim());
        else if (!string.IsNullOrWhiteSpace(environment("COVIDSPARK_SLACK_BOT_TOKEN"))) token = new(SecretSource.Environment, "COVIDSPARK_SLACK_BOT_TOKEN");
        var channel = environment("COVIDSPARK_SLACK_CHANNEL")?.Trim();
        if (token is null) return null;
        if (string.IsNullOrEmpty(channel) || !ChannelPattern().IsMatch(channel))
        {
            problems.Add("COVIDSPARK_SLACK_CHANNEL must name the channel id (e.g. C0123456789) the bot posts to when a Slack bot token is set");
            return null;
        }
        return new SlackBot(token, channel);
    }

    private static List<string> Warnings(IEnumerable<Destination> destinations) =>
        [.. destinations.Where(d => d.Kind == DestinationKind.Chime).Select(d => $"destination '{d.Name}': {Formatting.ChimeMessageFormatter.EndOfSupportNotice}")];

    private static Destination? ToDestination(DestinationDocument d, string at, List<string> problems)
    {
        var before = problems.Count;
        if (string.IsNullOrWhiteSpace(d.Name) || !NamePattern().IsMatch(d.Name))
            problems.Add($"{at}: 'name' is required and may hold only letters, digits, '-' and '_' (at most 40)");
        DestinationKind kind = default;
        if (!Enum.TryParse(d.Type, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
            problems.Add($"{at}: 'type' must be 'teams', 'slack' or 'chime' (Amazon Chime: end of support 2026-02-20)");
        var webhook = Reference(d.Webhook, at, "webhook", problems);
        var token = Reference(d.BotToken, at, "botToken", problems);
        SlackBot? bot = null;
        if (d.BotToken is not null || d.Channel is not null)
        {
            if (kind != DestinationKind.Slack) problems.Add($"{at}: 'botToken' and 'channel' are for Slack rooms only");
            else if (string.IsNullOrWhiteSpace(d.Channel) || !ChannelPattern().IsMatch(d.Channel.Trim()))
                problems.Add($"{at}: 'channel' must be the channel id (e.g. C0123456789) the bot posts to");
            else if (string.IsNullOrWhiteSpace(d.BotToken)) problems.Add($"{at}: 'botToken' is required with 'channel' ('ssm:<parameter>' or 'env:<VARIABLE>')");
            else if (token is not null) bot = new SlackBot(token, d.Channel.Trim());
        }
        if (string.IsNullOrWhiteSpace(d.Webhook) && d.BotToken is null)
            problems.Add($"{at}: 'webhook' is required ('ssm:<parameter>' or 'env:<VARIABLE>')" + (kind == DestinationKind.Slack ? ", or 'botToken' and 'channel'" : ""));
        var states = ParseStates(d.States is null ? null : string.Join(',', d.States), at + ": 'states'", problems);
        if (d.MinIntervalMs is < 0 or > 60_000) problems.Add($"{at}: 'minIntervalMs' must be between 0 and 60000");
        if (!string.IsNullOrWhiteSpace(d.Mention)) CheckMention(kind, d.Mention.Trim(), at + ": 'mention'", problems);
        if (problems.Count > before) return null;
        return new Destination(d.Name!, kind, webhook, states)
        {
            MinInterval = d.MinIntervalMs is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(1),
            Bot = bot,
            Mention = string.IsNullOrWhiteSpace(d.Mention) ? null : d.Mention.Trim(),
        };
    }

    private static SecretReference? Reference(string? text, string at, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return SecretReference.Parse(text); }
        catch (FormatException e)
        {
            problems.Add($"{at}: '{key}': {e.Message}");
            return null;
        }
    }

    private static HashSet<string> ParseStates(string? text, string at, List<string> problems)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return set;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!JobStates.TryParse(raw, out var state))
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{at}: unknown state '{raw}' (known: {string.Join(", ", JobStates.All.Select(s => s.ToWire()))})"));
            else set.Add(state.ToWire());
        }
        return set;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Z0-9]{8,12}$")]
    private static partial Regex ChannelPattern();
}
