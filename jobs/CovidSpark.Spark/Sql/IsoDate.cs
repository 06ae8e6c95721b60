using System.Globalization;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// Dates as text on the jobs side, in one place: ISO <c>yyyy-MM-dd</c> in the invariant culture — row values, SQL <c>DATE</c>
/// literals, Delta partition values and statistics, manifests, messages and the report. (The operations side writes the same
/// shape through <c>CovidSpark.Ledger.LedgerFormats</c>.)
/// </summary>
public static class IsoDate
{
    /// <summary>The format, <c>yyyy-MM-dd</c>.</summary>
    public const string Pattern = "yyyy-MM-dd";

    /// <summary><paramref name="date"/> as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>The date part of <paramref name="value"/> as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateTime value) => value.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Parses exactly <c>yyyy-MM-dd</c> (no other shape, no time part).</summary>
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
