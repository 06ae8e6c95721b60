namespace CovidSpark.Architecture.Tests;

/// <summary>
/// One EventId range per assembly, so an id names one event wherever logs are collected (a filter or an alarm on 3101 means
/// "a whole file was quarantined", nothing else). Change a range here and in docs/architecture.md together.
/// </summary>
internal static class EventIdRanges
{
    public static readonly IReadOnlyDictionary<string, (int From, int To)> ByProject = new Dictionary<string, (int, int)>
    {
        ["CovidSpark.Aws"] = (1, 99),
        ["CovidSpark.Ledger"] = (100, 199),
        ["CovidSpark.Launcher"] = (200, 599),
        ["CovidSpark.Lambda"] = (600, 699),
        ["CovidSpark.Deploy"] = (700, 799),
        ["CovidSpark.Spark"] = (900, 999),
        ["CovidSpark.Spark.DuckDb"] = (1000, 1099),
        ["CovidSpark.Delta"] = (1100, 1199),
        ["CovidSpark.Spark.Connect"] = (2000, 2099),
        ["CovidSpark.Jobs"] = (3000, 3999),
        ["CovidSpark.Jobs.Aws"] = (4000, 4099),
        ["CovidSpark.Jobs.Cli"] = (4100, 4199),
        ["CovidSpark.Rehearsal"] = (5000, 5199),
        ["CovidSpark.Cli"] = (6000, 6099),
        ["CovidSpark.Functions"] = (6100, 6199),
        ["CovidSpark.Notifier"] = (7000, 7999),
    };
}
