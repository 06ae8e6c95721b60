namespace CovidSpark.Launcher.Planning;

/// <summary>
/// Cuts a set of dates into step ranges: contiguous dates inside the same chunk window (a calendar month, or fixed windows of
/// N days counted from the first date) become one step. Dates missing from the set (already done or running — with a re-run, only
/// running) split a window.
/// </summary>
public static class ChunkPlanner
{
    /// <summary>Plans steps for <paramref name="dates"/>.</summary>
    /// <param name="dates">The dates to run (any order, duplicates ignored).</param>
    /// <param name="chunkDays">Dates per step; null = calendar month.</param>
    public static IReadOnlyList<DateRange> Plan(IEnumerable<DateOnly> dates, int? chunkDays)
    {
        if (chunkDays is <= 0) throw new ArgumentOutOfRangeException(nameof(chunkDays), chunkDays, "chunk size must be positive");
        var sorted = dates.Distinct().Order().ToList();
        var chunks = new List<DateRange>();
        if (sorted.Count == 0) return chunks;
        var origin = sorted[0];
        object Window(DateOnly d) => chunkDays is { } n ? (d.DayNumber - origin.DayNumber) / n : d.Year * 12 + d.Month;

        var start = sorted[0];
        var previous = start;
        foreach (var d in sorted.Skip(1))
        {
            if (d.DayNumber != previous.DayNumber + 1 || !Window(d).Equals(Window(start)))
            {
                chunks.Add(new DateRange(start, previous));
                start = d;
            }
            previous = d;
        }
        chunks.Add(new DateRange(start, previous));
        return chunks;
    }
}
