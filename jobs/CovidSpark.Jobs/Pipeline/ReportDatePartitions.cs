using System.Globalization;
using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>
/// Lake tables partitioned by <c>report_date</c>: which dates they hold (one folder listing) and how to open a window of them
/// by naming only its partition folders. Reading a whole table and filtering it makes every run list (and the engine prune)
/// every partition the lake has ever collected, so a daily run would get slower as the lake grows; naming the folders keeps the
/// cost of one more day flat. The table root is passed as <c>basePath</c>, so <c>report_date</c> stays a column on both engines.
/// </summary>
public static class ReportDatePartitions
{
    private const string Prefix = "report_date=";

    /// <summary>The folder of one date's partition of a table.</summary>
    public static string Folder(string table, DateOnly date) =>
        FileStorePaths.Combine(table, Prefix + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The dates a table has partitions for, in order (one folder listing, whatever the table's size).</summary>
    public static async Task<IReadOnlyList<DateOnly>> DatesAsync(IFileStore store, string table, CancellationToken ct) =>
        [.. (await store.ListFolderNamesAsync(table, ct))
            .Select(n => n.StartsWith(Prefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(n[Prefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : (DateOnly?)null)
            .OfType<DateOnly>().Order()];

    /// <summary>The given partitions of a table (they must exist).</summary>
    public static DataFrame Read(SparkSession spark, string table, IEnumerable<DateOnly> dates) =>
        spark.Read().Option("basePath", table).Parquet([.. dates.Order().Select(d => Folder(table, d))]);

    /// <summary>
    /// The partitions of a table from <paramref name="first"/> to <paramref name="last"/> that exist; null when there are none.
    /// </summary>
    public static async Task<DataFrame?> ReadWindowAsync(SparkSession spark, IFileStore store, string table, DateOnly first, DateOnly last,
        CancellationToken ct)
    {
        var dates = (await DatesAsync(store, table, ct)).Where(d => d >= first && d <= last).ToList();
        return dates.Count == 0 ? null : Read(spark, table, dates);
    }
}
