using System.Text.RegularExpressions;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Planning;

/// <summary>
/// Step names encode what a step covers — <c>covidspark:&lt;job&gt;:&lt;from&gt;:&lt;to&gt;:&lt;submit token&gt;</c> — so the status tracker can
/// map an EMR event (which carries the step name) to ledger items without another lookup, and a recovery can find the step a
/// claim submitted by the token the claim recorded. Names without a token (steps submitted before tokens existed) still parse.
/// </summary>
public static partial class StepNames
{
    /// <summary>Prefix of every step the launcher submits.</summary>
    public const string Prefix = "covidspark:";

    /// <summary>The step name for a job over a range, with the submission's token when there is one.</summary>
    public static string Format(string job, DateOnly from, DateOnly to, string? token = null) =>
        $"{Prefix}{job}:{LedgerFormats.FormatDate(from)}:{LedgerFormats.FormatDate(to)}{(token is null ? "" : ":" + token)}";

    /// <summary>A new submit token: 12 lowercase hex digits, unique per submission (<see cref="RunTokens.New"/>).</summary>
    public static string NewToken() => RunTokens.New();

    /// <summary>Parses a name written by <see cref="Format"/>; false for any other step (someone else's).</summary>
    public static bool TryParse(string? name, out string job, out DateRange range) => TryParse(name, out job, out range, out _);

    /// <summary>Parses a name written by <see cref="Format"/>, with its submit token (null for a name without one).</summary>
    public static bool TryParse(string? name, out string job, out DateRange range, out string? token)
    {
        job = "";
        range = default;
        token = null;
        if (name is null) return false;
        var m = Pattern().Match(name);
        if (!m.Success || !LedgerFormats.TryParseDate(m.Groups[2].Value, out var from) || !LedgerFormats.TryParseDate(m.Groups[3].Value, out var to) || to < from || to.DayNumber - from.DayNumber > 3660)
            return false;
        job = m.Groups[1].Value;
        range = new DateRange(from, to);
        token = m.Groups[4].Success ? m.Groups[4].Value : null;
        return true;
    }

    [GeneratedRegex(@"^covidspark:([a-z0-9_-]{1,64}):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})(?::(" + RunTokens.Pattern + "))?$")]
    private static partial Regex Pattern();
}
