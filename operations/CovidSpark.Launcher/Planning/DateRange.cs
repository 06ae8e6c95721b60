using CovidSpark.Aws;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Planning;

/// <summary>An inclusive range of data dates.</summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    /// <summary>Number of dates in the range.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Every date, in order.</summary>
    public IEnumerable<DateOnly> Dates()
    {
        for (var d = From; d <= To; d = d.AddDays(1)) yield return d;
    }

    public override string ToString() => From == To ? LedgerFormats.FormatDate(From) : $"{LedgerFormats.FormatDate(From)}..{LedgerFormats.FormatDate(To)}";

    /// <summary>
    /// Parses <c>yyyy-MM-dd</c> strictly and checks the range: <paramref name="from"/> ≤ <paramref name="to"/>, at most
    /// <paramref name="maxDays"/> dates, and not after <paramref name="latest"/> (data for today does not exist yet).
    /// </summary>
    /// <exception cref="InvalidDateRangeException">Every problem with the two dates, in one message.</exception>
    public static DateRange Parse(string? from, string? to, int maxDays, DateOnly latest)
    {
        var problems = new List<string>();
        if (!LedgerFormats.TryParseDate(from, out var f)) problems.Add($"from date '{from}' is not a date in yyyy-MM-dd form");
        if (!LedgerFormats.TryParseDate(to, out var t)) problems.Add($"to date '{to}' is not a date in yyyy-MM-dd form");
        if (problems.Count == 0) return Check(f, t, maxDays, latest);
        throw new InvalidDateRangeException(string.Join("; ", problems));
    }

    /// <summary>Checks bounds of an already-parsed range.</summary>
    /// <exception cref="InvalidDateRangeException">The range is reversed, too long or in the future.</exception>
    public static DateRange Check(DateOnly from, DateOnly to, int maxDays, DateOnly latest)
    {
        var problems = new List<string>();
        if (to < from) problems.Add($"the range ends ({LedgerFormats.FormatDate(to)}) before it starts ({LedgerFormats.FormatDate(from)})");
        else if (to.DayNumber - from.DayNumber + 1 > maxDays) problems.Add($"the range spans {to.DayNumber - from.DayNumber + 1} days; at most {maxDays} are allowed per launch");
        if (to > latest) problems.Add($"{LedgerFormats.FormatDate(to)} is after {LedgerFormats.FormatDate(latest)}, the latest date with complete data");
        if (from.Year < 2000) problems.Add($"{LedgerFormats.FormatDate(from)} is before 2000");
        return problems.Count == 0 ? new DateRange(from, to) : throw new InvalidDateRangeException(string.Join("; ", problems));
    }
}

/// <summary>A date or range given by a person or a payload is malformed or out of bounds.</summary>
public sealed class InvalidDateRangeException(string message) : CovidSparkOperationsException(message)
{
    /// <inheritdoc/>
    public override bool IsUsageError => true;
}
