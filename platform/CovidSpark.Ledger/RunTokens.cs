using System.Text.RegularExpressions;

namespace CovidSpark.Ledger;

/// <summary>
/// The tokens that tie a ledger attempt to the run that owns it: a launcher's submit token (recorded by the claim, carried by the
/// EMR step's name and passed to the job as <c>--ledger-token</c>) or a manual run's own token.
/// </summary>
public static partial class RunTokens
{
    /// <summary>The form of a token: 12 lowercase hex digits.</summary>
    public const string Pattern = "[0-9a-f]{12}";

    /// <summary>A new token, unique per submission or run.</summary>
    public static string New() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>True when <paramref name="text"/> has the form of a token.</summary>
    public static bool IsValid(string? text) => text is not null && Whole().IsMatch(text);

    [GeneratedRegex("^" + Pattern + "$")]
    private static partial Regex Whole();
}
