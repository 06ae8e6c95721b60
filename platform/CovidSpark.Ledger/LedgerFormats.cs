using System.Globalization;

namespace CovidSpark.Ledger;

/// <summary>Text formats of dates and instants in the ledger; dates are parsed strictly.</summary>
public static class LedgerFormats
{
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public const string Date = "yyyy-MM-dd";

    /// <summary>ISO-8601 UTC to the second, e.g. <c>2020-11-10T05:40:07Z</c>.</summary>
    public const string Instant = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Formats an instant as ISO-8601 UTC.</summary>
    public static string FormatInstant(DateTimeOffset at) => at.UtcDateTime.ToString(Instant, CultureInfo.InvariantCulture);

    /// <summary>Parses an instant written by <see cref="FormatInstant"/>; null when absent or malformed.</summary>
    public static DateTimeOffset? ParseInstant(string? text) =>
        DateTimeOffset.TryParseExact(text, Instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v) ? v : null;

    /// <summary>Parses exactly <c>yyyy-MM-dd</c> (no other shapes, no time part).</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Date, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Parses exactly <c>yyyy-MM-dd</c>.</summary>
    /// <exception cref="FormatException">The text is not a date in that form.</exception>
    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, Date, CultureInfo.InvariantCulture);

    /// <summary>Formats a date as <c>yyyy-MM-dd</c>.</summary>
    public static string FormatDate(DateOnly date) => date.ToString(Date, CultureInfo.InvariantCulture);
}
