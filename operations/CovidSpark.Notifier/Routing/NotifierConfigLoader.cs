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
/// <item>Otherwise <c>COVIDSPARK_SLACK_WEBHOOK_URL</c> / <c>COVIDSPARK_CHIME_WEBHOOK_URL</c> (the URL, for local use) or
/// <c>COVIDSPARK_SLACK_WEBHOOK_PARAM</c> / <c>COVIDSPARK_CHIME_WEBHOOK_PARAM</c> (an SSM parameter name) define destinations
/// <c>slack</c> and <c>chime</c>; <c>COVIDSPARK_NOTIFY_STATES</c> (comma-separated) limits their states.</item>
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
        if (problems.Count > 0) throw new NotifierConfigException(source, problems);
        var options = new NotifierOptions { Destinations = destinations };
        return options with
        {
            DigestThreshold = doc.DigestThreshold ?? options.DigestThreshold,
            DigestSize = doc.DigestSize ?? options.DigestSize,
            DefaultRegion = string.IsNullOrWhiteSpace(doc.Region) ? options.DefaultRegion : doc.Region.Trim(),
        };
    }

    private static NotifierOptions FromVariables(Func<string, string?> environment)
    {
        var problems = new List<string>();
        var states = ParseStates(environment("COVIDSPARK_NOTIFY_STATES"), "COVIDSPARK_NOTIFY_STATES", problems);
        var destinations = new List<Destination>();
        foreach (var (name, kind) in new[] { ("slack", DestinationKind.Slack), ("chime", DestinationKind.Chime) })
        {
            var prefix = $"COVIDSPARK_{name.ToUpperInvariant()}_WEBHOOK";
            SecretReference? reference = null;
            if (!string.IsNullOrWhiteSpace(environment(prefix + "_PARAM"))) reference = new(SecretSource.Ssm, environment(prefix + "_PARAM")!.Trim());
            else if (!string.IsNullOrWhiteSpace(environment(prefix + "_URL"))) reference = new(SecretSource.Environment, prefix + "_URL");
            if (reference is not null) destinations.Add(new Destination(name, kind, reference, states));
        }
        if (destinations.Count == 0)
            problems.Add($"no destination configured: set {ConfigVariable} to a configuration file, or COVIDSPARK_SLACK_WEBHOOK_URL / COVIDSPARK_CHIME_WEBHOOK_URL (or their _PARAM forms naming SSM parameters)");
        if (problems.Count > 0) throw new NotifierConfigException("environment", problems);
        return new NotifierOptions { Destinations = destinations };
    }

    private static Destination? ToDestination(DestinationDocument d, string at, List<string> problems)
    {
        var before = problems.Count;
        if (string.IsNullOrWhiteSpace(d.Name) || !NamePattern().IsMatch(d.Name))
            problems.Add($"{at}: 'name' is required and may hold only letters, digits, '-' and '_' (at most 40)");
        DestinationKind kind = default;
        if (!Enum.TryParse(d.Type, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
            problems.Add($"{at}: 'type' must be 'slack' or 'chime'");
        SecretReference? webhook = null;
        if (string.IsNullOrWhiteSpace(d.Webhook)) problems.Add($"{at}: 'webhook' is required ('ssm:<parameter>' or 'env:<VARIABLE>')");
        else
        {
            try { webhook = SecretReference.Parse(d.Webhook); }
            catch (FormatException e) { problems.Add($"{at}: 'webhook': {e.Message}"); }
        }
        var states = ParseStates(d.States is null ? null : string.Join(',', d.States), at + ": 'states'", problems);
        if (d.MinIntervalMs is < 0 or > 60_000) problems.Add($"{at}: 'minIntervalMs' must be between 0 and 60000");
        if (problems.Count > before) return null;
        return new Destination(d.Name!, kind, webhook!, states)
        {
            MinInterval = d.MinIntervalMs is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(1),
        };
    }

    private static HashSet<string> ParseStates(string? text, string at, List<string> problems)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return set;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var state = JobState.Parse(raw);
            if (!JobState.Known.Contains(state))
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{at}: unknown state '{raw}' (known: {string.Join(", ", JobState.Known.Select(s => s.Name))})"));
            else set.Add(state.Name);
        }
        return set;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();
}
