namespace CovidSpark.Notifier.Formatting;

/// <summary>
/// Someone a Teams card mentions: the <c>&lt;at&gt;name&lt;/at&gt;</c> tag in the card text plus the <c>msteams.entities</c>
/// entry that makes Teams notify them. Configured as <c>"mention": "&lt;id&gt;|&lt;display name&gt;"</c>, where the id is a
/// user's Entra object id or UPN, or a tag id.
/// </summary>
/// <param name="Id">The user (object id or UPN) or tag id.</param>
/// <param name="Name">The display name shown in the card.</param>
public sealed record TeamsMention(string Id, string Name)
{
    /// <summary>The text that stands for the mention in the card.</summary>
    public string Tag => $"<at>{Name}</at>";

    /// <summary>Parses <c>&lt;id&gt;|&lt;name&gt;</c>; null when the text has not that shape.</summary>
    public static TeamsMention? TryParse(string? text)
    {
        var parts = text?.Split('|', 2, StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || parts[0].Length == 0 || parts[1].Length == 0) return null;
        // Names with markup characters would let the card text break out of the mention tag.
        return parts[1].AsSpan().IndexOfAny("<>&*_[]") >= 0 || parts[0].AsSpan().IndexOfAny("<>\"") >= 0 ? null : new TeamsMention(parts[0], parts[1]);
    }
}
