using System.Globalization;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>
/// Parses JHU <c>Last_Update</c> values in the formats the 2020 reports use:
/// ISO <c>2020-01-22T17:00:00</c>, US <c>1/22/20 17:00</c> (2- or 4-digit year) and <c>2020-03-22 23:45:00</c>. All UTC.
/// </summary>
internal static class LastUpdateParser
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd HH:mm",
        "M/d/yy H:mm", "M/d/yyyy H:mm", "M/d/yy H:mm:ss", "M/d/yyyy H:mm:ss", "M/d/yy HH:mm", "M/d/yyyy HH:mm",
        IsoDate.Pattern,
    ];

    public static bool TryParse(string? text, out DateTime value) =>
        DateTime.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
}
