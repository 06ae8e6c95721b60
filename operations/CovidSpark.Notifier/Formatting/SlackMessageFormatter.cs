using System.Globalization;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>
/// Slack incoming-webhook messages in Block Kit: a top-level <c>text</c> (what notifications and screen readers show)
/// and one attachment whose <c>color</c> is the status colour and whose <c>blocks</c> carry the details.
/// </summary>
public sealed class SlackMessageFormatter : IMessageFormatter
{
    private const int MaxFieldsPerSection = 10;
    private const int MaxSectionText = 2900;
    private const int LinesPerDigestSection = 10;

    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Slack;

    /// <inheritdoc />
    public string Single(JobTransition transition, string? mention = null) => SingleMessage(transition, details: true, mention).ToJsonString();

    /// <inheritdoc />
    public string Notice(string title, string text, string? mention) =>
        Message(Prefix(mention, Text.SlackEscape(title)), StatusStyle.For(JobState.Failed).Color,
            [Header(title), Section(Text.SlackEscape(text))]).ToJsonString();

    /// <summary>The mention markup in front of a message's text (its top-level text is what notifies people).</summary>
    internal static string Prefix(string? mention, string text) => SlackMention.Tag(mention) is { } tag ? $"{tag} {text}" : text;

    /// <summary>
    /// The message of one transition as a Slack message object (<c>text</c> and one coloured attachment). Without
    /// <paramref name="details"/> the failure reason and the refresh warning are left out: a thread's root message shows
    /// the state, and those go into replies.
    /// </summary>
    internal JsonObject SingleMessage(JobTransition transition, bool details, string? mention = null)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var j = transition.Current;
        var f = MessageFacts.Of(transition);
        var fields = new List<string>
        {
            Field("Job", Text.SlackEscape(j.Job)),
            Field("Data date", Text.Date(j.DataDate)),
            Field("State", f.StateChange),
            Field("Attempt", j.Attempt.ToString(CultureInfo.InvariantCulture)),
        };
        if (j.ClusterId is not null) fields.Add(Field("Cluster", Text.SlackCode(j.ClusterId)));
        if (j.StepId is not null) fields.Add(Field("Step", Text.SlackCode(j.StepId)));
        if (f.Duration is not null) fields.Add(Field("Duration", f.Duration));
        if (f.Rows is not null) fields.Add(Field("Rows in / out", f.Rows));
        if (f.Quarantined is not null) fields.Add(Field("Quarantined rows", f.Quarantined));
        if (f.Range is not null) fields.Add(Field("Range", f.Range));

        var blocks = new JsonArray { Header(f.Title) };
        foreach (var chunk in fields.Chunk(MaxFieldsPerSection))
            blocks.Add(Node(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk.Select(Mrkdwn)]) }));
        if (details && !string.IsNullOrWhiteSpace(j.Message)) blocks.Add(Section(Quote(j.Message)));
        if (details && f.Refresh is not null) blocks.Add(Section(RefreshText(f)));
        var buttons = new JsonArray();
        if (f.StepLink is not null) buttons.Add(Button(j.StepId is null ? "EMR cluster" : $"EMR step {j.StepId}", f.StepLink, "emr"));
        if (f.LogsLink is not null) buttons.Add(Button("Logs", f.LogsLink, "logs"));
        if (buttons.Count > 0) blocks.Add(Node(new JsonObject { ["type"] = "actions", ["elements"] = buttons }));
        else if (j.LogUri is not null) blocks.Add(Context("Logs: " + Text.SlackCode(j.LogUri)));
        var text = Text.SlackEscape(f.Title) + (j.Attempt > 1 ? $" (attempt {j.Attempt})" : "");
        return Message(Alerts.Mentions(transition.Alert) ? Prefix(mention, text) : text, f.Style.Color, blocks);
    }

    /// <summary>A thread reply: plain fallback text and one section of mrkdwn (already escaped by the caller).</summary>
    internal static JsonObject Reply(string text, string mrkdwn) => new()
    {
        ["text"] = text,
        ["blocks"] = new JsonArray(Section(Text.Truncate(mrkdwn, MaxSectionText))),
    };

    /// <summary>Text from the ledger as a Slack quote, escaped.</summary>
    internal static string Quote(string text) =>
        "> " + Text.Truncate(Text.SlackEscape(text), MaxSectionText - 100).Replace("\n", "\n> ", StringComparison.Ordinal);

    /// <summary>The refresh warning with its command.</summary>
    internal static string RefreshText(JobTransition transition) => RefreshText(MessageFacts.Of(transition));

    private static string RefreshText(MessageFacts f) => $":warning: {MessageFacts.RefreshSentence} ({f.Refresh}). Refresh them:\n`{f.RefreshCommand}`";

    /// <inheritdoc />
    public string Digest(IReadOnlyList<JobTransition> transitions, int part, int parts)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var worst = transitions.Select(t => StatusStyle.For(t.Current.State)).MaxBy(s => s.Rank) ?? StatusStyle.For(JobState.Succeeded);
        var tally = MessageFacts.Tally(transitions);
        var title = $"CovidSpark: {transitions.Count} job updates" + (parts > 1 ? $" ({part}/{parts})" : "");
        var blocks = new JsonArray { Header(title), Section(tally) };
        foreach (var chunk in transitions.Chunk(LinesPerDigestSection))
        {
            var lines = chunk.Select(t => Line(t));
            blocks.Add(Section(Text.Truncate(string.Join("\n", lines), MaxSectionText)));
        }
        return Envelope($"{title}: {tally}", worst.Color, blocks);
    }

    /// <inheritdoc />
    public string Test(string destinationName, DateTimeOffset now)
    {
        var title = "\U0001F514 CovidSpark notifier test";
        var blocks = new JsonArray
        {
            Header(title),
            Section($"Destination *{Text.SlackEscape(destinationName)}* is set up. Job updates will arrive here."),
            Context("Sent " + now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
        };
        return Envelope($"{title}: {destinationName}", "#36C5F0", blocks);
    }

    private static string Line(JobTransition t)
    {
        var line = MessageFacts.DigestLine(t, s => $"*{Text.SlackEscape(s)}*");
        var link = ConsoleLinks.EmrStep(t.Current, t.Region);
        return link is null ? line : $"{line} \u00B7 <{link.AbsoluteUri}|EMR>";
    }

    private static string Envelope(string text, string color, JsonArray blocks) => Message(text, color, blocks).ToJsonString();

    private static JsonObject Message(string text, string color, JsonArray blocks) => new()
    {
        ["text"] = text,
        ["attachments"] = new JsonArray(Node(new JsonObject { ["color"] = color, ["blocks"] = blocks })),
    };

    private static JsonNode Node(JsonObject o) => o;

    private static string Field(string label, string value) => $"*{label}*\n{value}";

    private static JsonNode Mrkdwn(string text) => new JsonObject { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonNode Header(string text) => new JsonObject
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Text.Truncate(text, 150), ["emoji"] = true },
    };

    private static JsonNode Section(string mrkdwn) => new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    private static JsonNode Context(string mrkdwn) => new JsonObject { ["type"] = "context", ["elements"] = new JsonArray { Mrkdwn(mrkdwn) } };

    private static JsonNode Button(string label, Uri url, string actionId) => new JsonObject
    {
        ["type"] = "button",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Text.Truncate(label, 75) },
        ["url"] = url.AbsoluteUri,
        ["action_id"] = actionId,
    };
}
