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
    public string Single(JobTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var j = transition.Current;
        var f = MessageFacts.Of(transition);
        var fields = new List<string>
        {
            Field("Job", j.Job),
            Field("Data date", Text.Date(j.DataDate)),
            Field("State", f.StateChange),
            Field("Attempt", j.Attempt.ToString(CultureInfo.InvariantCulture)),
        };
        if (j.ClusterId is not null) fields.Add(Field("Cluster", $"`{j.ClusterId}`"));
        if (j.StepId is not null) fields.Add(Field("Step", $"`{j.StepId}`"));
        if (f.Duration is not null) fields.Add(Field("Duration", f.Duration));
        if (f.Rows is not null) fields.Add(Field("Rows in / out", f.Rows));
        if (f.Quarantined is not null) fields.Add(Field("Quarantined rows", f.Quarantined));
        if (f.Range is not null) fields.Add(Field("Range", f.Range));

        var blocks = new JsonArray { Header(f.Title) };
        foreach (var chunk in fields.Chunk(MaxFieldsPerSection))
            blocks.Add(Node(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk.Select(Mrkdwn)]) }));
        if (!string.IsNullOrWhiteSpace(j.Message))
            blocks.Add(Section("> " + Text.Truncate(Text.SlackEscape(j.Message), MaxSectionText).Replace("\n", "\n> ", StringComparison.Ordinal)));
        if (f.Refresh is not null)
            blocks.Add(Section($":warning: {MessageFacts.RefreshSentence} ({f.Refresh}). Refresh them:\n`{f.RefreshCommand}`"));
        var buttons = new JsonArray();
        if (f.StepLink is not null) buttons.Add(Button(j.StepId is null ? "EMR cluster" : $"EMR step {j.StepId}", f.StepLink, "emr"));
        if (f.LogsLink is not null) buttons.Add(Button("Logs", f.LogsLink, "logs"));
        if (buttons.Count > 0) blocks.Add(Node(new JsonObject { ["type"] = "actions", ["elements"] = buttons }));
        else if (j.LogUri is not null) blocks.Add(Context($"Logs: `{Text.SlackEscape(j.LogUri)}`"));
        return Envelope(Text.SlackEscape(f.Title) + (j.Attempt > 1 ? $" (attempt {j.Attempt})" : ""), f.Style.Color, blocks);
    }

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

    private static string Envelope(string text, string color, JsonArray blocks) => new JsonObject
    {
        ["text"] = text,
        ["attachments"] = new JsonArray(Node(new JsonObject { ["color"] = color, ["blocks"] = blocks })),
    }.ToJsonString();

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
