using System.Globalization;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>How report dates are written in manifests, messages, SQL literals and partition names: ISO <c>yyyy-MM-dd</c>.</summary>
public static class ReportDates
{
    /// <summary>The format.</summary>
    public const string Pattern = "yyyy-MM-dd";

    /// <summary><paramref name="date"/> as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Parses <c>yyyy-MM-dd</c> exactly.</summary>
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
