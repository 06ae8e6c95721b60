using System.Text.RegularExpressions;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Planning;

/// <summary>
/// Step names encode what a step covers — <c>covidspark:&lt;job&gt;:&lt;from&gt;:&lt;to&gt;</c> — so the status tracker can map an
/// EMR event (which carries the step name) to ledger items without another lookup.
/// </summary>
public static partial class StepNames
{
    /// <summary>Prefix of every step the launcher submits.</summary>
    public const string Prefix = "covidspark:";

    /// <summary>The step name for a job over a range.</summary>
    public static string Format(string job, DateOnly from, DateOnly to) =>
        $"{Prefix}{job}:{LedgerFormats.FormatDate(from)}:{LedgerFormats.FormatDate(to)}";

    /// <summary>Parses a name written by <see cref="Format"/>; false for any other step (someone else's).</summary>
    public static bool TryParse(string? name, out string job, out DateRange range)
    {
        job = "";
        range = default;
        if (name is null) return false;
        var m = Pattern().Match(name);
        if (!m.Success || !LedgerFormats.TryParseDate(m.Groups[2].Value, out var from) || !LedgerFormats.TryParseDate(m.Groups[3].Value, out var to) || to < from || to.DayNumber - from.DayNumber > 3660)
            return false;
        job = m.Groups[1].Value;
        range = new DateRange(from, to);
        return true;
    }

    [GeneratedRegex(@"^covidspark:([a-z0-9_-]{1,64}):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex Pattern();
}
