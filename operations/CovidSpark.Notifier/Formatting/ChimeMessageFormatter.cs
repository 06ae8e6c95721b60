using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>
/// Amazon Chime incoming-webhook messages: <c>{"Content": "/md …"}</c>, where the <c>/md</c> prefix makes Chime
/// render the rest as Markdown. Content is kept under Chime's 4,096-character limit.
/// </summary>
/// <remarks>Amazon Chime reached end of support on 2026-02-20 (<see cref="EndOfSupportNotice"/>): the formatter stays for
/// accounts that still have it; new rooms should be Teams or Slack.</remarks>
public sealed class ChimeMessageFormatter : IMessageFormatter
{
    /// <summary>What the configuration check, <c>notify test --to chime</c> and the docs say about Chime.</summary>
    public const string EndOfSupportNotice =
        "Amazon Chime reached end of support on 2026-02-20 (after that date its console and webhooks are no longer available); "
        + "move this room to Microsoft Teams (type \"teams\", COVIDSPARK_TEAMS_WEBHOOK_URL) or Slack (type \"slack\") - see docs/notifier.md";

    /// <summary>Chime rejects longer content.</summary>
    public const int MaxContentLength = 4096;

    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Chime;

    /// <inheritdoc />
    public string Notice(string title, string text, string? mention) =>
        Envelope($"### {Text.ChimeEscape(title)}\n{Text.ChimeEscape(text)}\n");

    /// <inheritdoc />
    /// <remarks>Chime rooms get no mentions (Chime is past its end of support; <c>mention</c> is for Slack and Teams).</remarks>
    public string Single(JobTransition transition, string? mention = null)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var j = transition.Current;
        var f = MessageFacts.Of(transition);
        var sb = new StringBuilder();
        sb.Append("### ").Append(Text.ChimeEscape(f.Title)).Append('\n');
        sb.Append("**State:** ").Append(f.StateChange).Append(" \u00B7 **Attempt:** ").Append(j.Attempt.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (f.Range is not null) sb.Append("**Range:** ").Append(f.Range).Append('\n');
        if (j.ClusterId is not null || j.StepId is not null)
            sb.Append("**Cluster:** ").Append(Text.ChimeEscape(j.ClusterId ?? "\u2013")).Append(" \u00B7 **Step:** ").Append(Text.ChimeEscape(j.StepId ?? "\u2013")).Append('\n');
        if (f.Duration is not null) sb.Append("**Duration:** ").Append(f.Duration).Append('\n');
        if (f.Rows is not null) sb.Append("**Rows in / out:** ").Append(f.Rows).Append('\n');
        if (f.Quarantined is not null) sb.Append("**Quarantined rows:** ").Append(f.Quarantined).Append('\n');
        if (!string.IsNullOrWhiteSpace(j.Message)) sb.Append("> ").Append(Text.ChimeEscape(Text.Truncate(j.Message, 1500)).Replace("\n", "\n> ", StringComparison.Ordinal)).Append('\n');
        if (f.Refresh is not null)
            sb.Append("\u26A0\uFE0F ").Append(MessageFacts.RefreshSentence).Append(" (").Append(f.Refresh).Append("). Refresh them: `")
                .Append(f.RefreshCommand).Append("`\n");
        var links = new List<string>();
        if (f.StepLink is not null) links.Add($"[{(j.StepId is null ? "EMR cluster" : "EMR step " + Text.ChimeEscape(j.StepId))}]({f.StepLink.AbsoluteUri})");
        if (f.LogsLink is not null) links.Add($"[Logs]({f.LogsLink.AbsoluteUri})");
        else if (j.LogUri is not null) links.Add("Logs: " + Text.ChimeEscape(j.LogUri));
        if (links.Count > 0) sb.Append(string.Join(" \u00B7 ", links)).Append('\n');
        return Envelope(sb.ToString());
    }

    /// <inheritdoc />
    public string Digest(IReadOnlyList<JobTransition> transitions, int part, int parts)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var sb = new StringBuilder();
        sb.Append("### CovidSpark: ").Append(transitions.Count.ToString(CultureInfo.InvariantCulture)).Append(" job updates");
        if (parts > 1) sb.Append(CultureInfo.InvariantCulture, $" ({part}/{parts})");
        sb.Append('\n').Append(MessageFacts.Tally(transitions)).Append('\n');
        for (var i = 0; i < transitions.Count; i++)
        {
            var line = "- " + MessageFacts.DigestLine(transitions[i], s => $"**{Text.ChimeEscape(s)}**") + "\n";
            // Keep room for the closing line, so a cut never hides how many jobs a digest covers.
            if (sb.Length + line.Length > MaxContentLength - 64)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- \u2026 and {transitions.Count - i} more (see the ledger)\n");
                break;
            }
            sb.Append(line);
        }
        return Envelope(sb.ToString());
    }

    /// <inheritdoc />
    public string Test(string destinationName, DateTimeOffset now) =>
        Envelope($"### \U0001F514 CovidSpark notifier test\nDestination **{destinationName}** is set up. Job updates will arrive here.\nSent {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}\n");

    private static string Envelope(string markdown)
    {
        var content = Text.Truncate("/md " + markdown.TrimEnd('\n'), MaxContentLength);
        return new JsonObject { ["Content"] = content }.ToJsonString();
    }
}
