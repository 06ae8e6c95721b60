using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>
/// Microsoft Teams "Workflows" incoming-webhook messages: <c>{"type":"message","attachments":[{"contentType":
/// "application/vnd.microsoft.card.adaptive","content":&lt;Adaptive Card&gt;}]}</c>. The card uses schema version
/// <see cref="CardVersion"/> (the newest Teams renders) and only elements of that version; the whole body stays under
/// Teams' message size limit (<see cref="MaxPayloadBytes"/>).
/// </summary>
/// <remarks>
/// Text from the ledger (failure reasons, log locations) goes into <c>RichTextBlock</c> text runs, which Adaptive Cards never
/// read as Markdown; short values (job names, ids) in facts and titles are escaped with <see cref="Text.TeamsEscape"/>.
/// </remarks>
public sealed class TeamsMessageFormatter : IMessageFormatter
{
    /// <summary>The Adaptive Card schema version of every card (Teams supports up to 1.5).</summary>
    public const string CardVersion = "1.5";

    /// <summary>Teams rejects (413) webhook messages larger than about 28 KB.</summary>
    public const int MaxPayloadBytes = 28 * 1024;

    /// <summary>The attachment content type of an Adaptive Card.</summary>
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    private const int MaxMessageChars = 2000;

    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Teams;

    /// <inheritdoc />
    public string Single(JobTransition transition, string? mention = null) =>
        Single(transition, Alerts.Mentions(transition?.Alert ?? AlertKind.None) ? TeamsMention.TryParse(mention) : null);

    /// <inheritdoc />
    public string Notice(string title, string text, string? mention)
    {
        var who = TeamsMention.TryParse(mention);
        var body = new JsonArray();
        if (who is not null) body.Add(TextBlock(who.Tag, weight: "Bolder"));
        body.Add(TextBlock(Text.TeamsEscape(title), size: "Medium", weight: "Bolder", color: "attention"));
        body.Add(RichText(text));
        return Envelope(body, [], who);
    }

    /// <summary>The card for one transition, optionally mentioning someone (<see cref="TeamsMention"/>).</summary>
    public string Single(JobTransition transition, TeamsMention? mention)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(transition);
        var j = transition.Current;
        var f = MessageFacts.Of(transition);
        var body = new JsonArray();
        if (mention is not null) body.Add(TextBlock(mention.Tag, weight: "Bolder"));
        body.Add(TextBlock(Text.TeamsEscape(f.Title) + (j.Attempt > 1 ? $" (attempt {j.Attempt})" : ""), size: "Medium", weight: "Bolder", color: f.Style.TeamsColor));
        var facts = new List<(string, string)>
        {
            ("Job", Text.TeamsEscape(j.Job)),
            ("Data date", Text.Date(j.DataDate)),
            ("State", f.StateChange),
            ("Attempt", j.Attempt.ToString(CultureInfo.InvariantCulture)),
        };
        if (j.ClusterId is not null) facts.Add(("Cluster", Text.TeamsEscape(j.ClusterId)));
        if (j.StepId is not null) facts.Add(("Step", Text.TeamsEscape(j.StepId)));
        if (f.Duration is not null) facts.Add(("Duration", f.Duration));
        if (f.Rows is not null) facts.Add(("Rows in / out", f.Rows));
        if (f.Quarantined is not null) facts.Add(("Quarantined rows", f.Quarantined));
        if (f.Range is not null) facts.Add(("Range", f.Range));
        body.Add(FactSet(facts));
        if (!string.IsNullOrWhiteSpace(j.Message))
            body.Add(Container("emphasis", RichText(Text.Truncate(j.Message, MaxMessageChars))));
        if (f.Refresh is not null)
        {
            body.Add(TextBlock($"\u26A0\uFE0F {MessageFacts.RefreshSentence} ({f.Refresh}). Refresh them:", color: "warning"));
            body.Add(TextBlock(f.RefreshCommand!, fontType: "Monospace"));
        }
        var actions = new JsonArray();
        if (f.StepLink is not null) actions.Add(OpenUrl(j.StepId is null ? "EMR cluster" : $"EMR step {j.StepId}", f.StepLink));
        if (f.LogsLink is not null) actions.Add(OpenUrl("Logs", f.LogsLink));
        else if (j.LogUri is not null) body.Add(RichText("Logs: " + j.LogUri, subtle: true));
        return Envelope(body, actions, mention);
    }

    /// <inheritdoc />
    public string Digest(IReadOnlyList<JobTransition> transitions, int part, int parts)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var title = $"CovidSpark: {transitions.Count} job updates" + (parts > 1 ? $" ({part}/{parts})" : "");
        var worst = transitions.Select(t => StatusStyle.For(t.Current.State)).MaxBy(s => s.Rank) ?? StatusStyle.For(JobState.Succeeded);
        var head = new JsonArray
        {
            TextBlock(title, size: "Medium", weight: "Bolder", color: worst.TeamsColor),
            TextBlock(Text.TeamsEscape(MessageFacts.Tally(transitions))),
        };
        var lines = transitions.Select(t => MessageFacts.DigestLine(t, s => $"**{Text.TeamsEscape(s)}**")).ToList();
        // Keep as many lines as fit; the last line then says how many were left out.
        for (var shown = lines.Count; ; shown = Math.Max(0, shown - Math.Max(1, shown / 10)))
        {
            var body = head.DeepClone().AsArray();
            foreach (var line in lines.Take(shown)) body.Add(TextBlock(line, spacing: "None"));
            if (shown < lines.Count) body.Add(TextBlock($"\u2026 and {lines.Count - shown} more (see the ledger)", spacing: "Small"));
            var json = Envelope(body, [], null);
            if (Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes || shown == 0) return json;
        }
    }

    /// <inheritdoc />
    public string Test(string destinationName, DateTimeOffset now) => Envelope(
    [
        TextBlock("\U0001F514 CovidSpark notifier test", size: "Medium", weight: "Bolder"),
        TextBlock($"Destination **{Text.TeamsEscape(destinationName)}** is set up. Job updates will arrive here."),
        TextBlock("Sent " + now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), isSubtle: true),
    ], [], null);

    private static string Envelope(JsonArray body, JsonArray actions, TeamsMention? mention)
    {
        var msteams = new JsonObject { ["width"] = "Full" };
        if (mention is not null)
            msteams["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = mention.Tag,
                ["mentioned"] = new JsonObject { ["id"] = mention.Id, ["name"] = mention.Name },
            });
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = CardVersion,
            ["body"] = body,
            ["msteams"] = msteams,
        };
        if (actions.Count > 0) card["actions"] = actions;
        var json = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = CardContentType, ["contentUrl"] = null, ["content"] = card }),
        }.ToJsonString();
        return json;
    }

    private static JsonNode TextBlock(string text, string? size = null, string? weight = null, string? color = null, string? fontType = null,
        bool isSubtle = false, string? spacing = null)
    {
        var o = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null) o["size"] = size;
        if (weight is not null) o["weight"] = weight;
        if (color is not null && color != "default") o["color"] = color;
        if (fontType is not null) o["fontType"] = fontType;
        if (isSubtle) o["isSubtle"] = true;
        if (spacing is not null) o["spacing"] = spacing;
        return o;
    }

    /// <summary>Text shown exactly as written: text runs are never read as Markdown.</summary>
    private static JsonNode RichText(string text, bool subtle = false)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = text };
        if (subtle) run["isSubtle"] = true;
        return new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(run) };
    }

    private static JsonNode Container(string style, JsonNode item) =>
        new JsonObject { ["type"] = "Container", ["style"] = style, ["items"] = new JsonArray(item) };

    private static JsonNode FactSet(IEnumerable<(string Title, string Value)> facts) => new JsonObject
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value })]),
    };

    private static JsonNode OpenUrl(string title, Uri url) =>
        new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = Text.Truncate(title, 60), ["url"] = url.AbsoluteUri };
}
