using CovidSpark.Spark.Sql;
namespace CovidSpark.Jobs.Pipeline;

/// <summary>
/// The report dates a run was asked for (<c>--from</c>/<c>--to</c>; an open end means the first/last date present). It is
/// never replaced: <see cref="RunDates"/> holds the dates of it the run works on and names those it has no report for.
/// </summary>
public sealed record RunWindow(DateOnly? From, DateOnly? To)
{
    /// <summary>Every date present.</summary>
    public static RunWindow All { get; } = new(null, null);

    /// <summary>Whether both ends were given.</summary>
    public bool IsBounded => From is not null && To is not null;

    /// <summary>Both ends, when both were given (what a ledger-reporting run records before it starts); null otherwise.</summary>
    public DateWindow? Bounds => From is { } f && To is { } t ? new DateWindow(f, t) : null;

    /// <summary>
    /// The range a run over <paramref name="dates"/> records (manifest and ledger alike): the ends given, open ends taken from the
    /// first/last date; null when an end is open and there are no dates.
    /// </summary>
    public DateWindow? RangeOf(IReadOnlyList<DateOnly> dates) =>
        (From ?? (dates.Count > 0 ? dates[0] : null), To ?? (dates.Count > 0 ? dates[^1] : null)) is ({ } first, { } last) ? new DateWindow(first, last) : null;

    /// <summary>Whether <paramref name="date"/> is inside the window.</summary>
    public bool Contains(DateOnly date) => (From is null || date >= From) && (To is null || date <= To);

    /// <summary>" between 2020-11-01 and 2020-11-30" for messages; empty when both ends are open.</summary>
    public string Describe() =>
        From is null && To is null ? "" : $" between {(From is { } f ? IsoDate.Format(f) : "the first date")} and {(To is { } t ? IsoDate.Format(t) : "the last date")}";

    /// <summary>
    /// The run's dates: those of <paramref name="present"/> inside the window, with the partitions <paramref name="lakeDates"/> the
    /// lake's <c>trusted/daily_country</c> holds (listed once per run; each job picks its own lookback from them).
    /// </summary>
    public RunDates Resolve(IEnumerable<DateOnly> present, IReadOnlyList<DateOnly> lakeDates) =>
        new(this, [.. present.Where(Contains).Distinct().Order()], lakeDates);
}

/// <summary>
/// The dates one run works on, resolved once from its <see cref="RunWindow"/>: what the manifest and the ledger record, what the
/// statistics compute and cluster for, what the report names. Jobs ask it for the partitions they read (<see cref="ForJob"/>).
/// </summary>
public sealed class RunDates
{
    private readonly IReadOnlyList<DateOnly> _lakeDates;

    internal RunDates(RunWindow requested, IReadOnlyList<DateOnly> dates, IReadOnlyList<DateOnly> lakeDates)
    {
        Requested = requested;
        Dates = dates;
        _lakeDates = lakeDates;
    }

    /// <summary>The window the run was asked for.</summary>
    public RunWindow Requested { get; }

    /// <summary>The report dates the run works on, in order.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    /// <summary>The range the manifest and the ledger record (<see cref="RunWindow.RangeOf"/>).</summary>
    public DateWindow? Range => Requested.RangeOf(Dates);

    /// <summary>The first report date of the run.</summary>
    public DateOnly First => Dates[0];

    /// <summary>The last report date of the run.</summary>
    public DateOnly Last => Dates[^1];

    /// <summary>
    /// The dates the window asked for that the run has no report for (only when both ends were given: an open window asks for
    /// the dates present); these are named to the user, recorded in the manifest and the ledger, never dropped silently.
    /// </summary>
    public IReadOnlyList<DateOnly> Missing =>
        Requested is { From: { } f, To: { } t }
            ? [.. Enumerable.Range(0, t.DayNumber - f.DayNumber + 1).Select(f.AddDays).Except(Dates)]
            : [];

    /// <summary>
    /// The partitions of <c>trusted/daily_country</c> a job reads: the run's dates and <paramref name="lookbackDays"/> days of
    /// history before the first, as far as the lake has them.
    /// </summary>
    public DatePartitions ForJob(int lookbackDays) => DatePartitions.Within(new DateWindow(First.AddDays(-lookbackDays), Last), _lakeDates);

    /// <summary>The partition of the run's last date (clustering describes the latest date).</summary>
    public DatePartitions Latest => new(DateWindow.Day(Last), [Last]);

    /// <summary>
    /// Lists the lake's <c>trusted/daily_country</c> partitions once and resolves <paramref name="window"/> against them: the
    /// dates of a run that works on what the lake holds (no ETL), or of a job run on its own.
    /// </summary>
    public static async Task<RunDates> FromLakeAsync(Spark.Sql.SparkSession spark, Storage.IFileStore store, LakeLayout lake, RunWindow window, CancellationToken ct)
    {
        var lakeDates = await ReportDatePartitions.DatesAsync(spark, store, lake.Trusted("daily_country"), ct);
        return window.Resolve(lakeDates, lakeDates);
    }
}

/// <summary>An inclusive range of report dates.</summary>
public readonly record struct DateWindow(DateOnly First, DateOnly Last)
{
    /// <summary>One date.</summary>
    public static DateWindow Day(DateOnly date) => new(date, date);

    /// <summary>Whether <paramref name="date"/> is inside.</summary>
    public bool Contains(DateOnly date) => date >= First && date <= Last;
}

/// <summary>
/// The <c>report_date</c> partitions of a table inside a window, as listed from its Delta log: what <see cref="LakeTable.Read(Spark.Sql.SparkSession, string, DatePartitions)"/>
/// names (so the engine opens no other partition's files) and the window it filters on.
/// </summary>
public sealed record DatePartitions(DateWindow Window, IReadOnlyList<DateOnly> Dates)
{
    /// <summary>The dates of <paramref name="listed"/> inside <paramref name="window"/>, in order.</summary>
    public static DatePartitions Within(DateWindow window, IEnumerable<DateOnly> listed) => new(window, [.. listed.Where(window.Contains).Order()]);
}
