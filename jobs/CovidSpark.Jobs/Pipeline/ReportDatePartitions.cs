using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>
/// Lake tables partitioned by <c>report_date</c>: which dates a table holds and how to open a window of them. Both go
/// through the table's Delta log (the engine reads the committed snapshot), never a folder listing: a folder can hold
/// files a commit has replaced or a killed run left behind. Reading a window filters on the partition column, and the
/// engine skips the other partitions' files by their partition values without opening them.
/// </summary>
public static class ReportDatePartitions
{
    private const string Column = LakeTable.ReportDate;

    /// <summary>The dates a table has rows for, in order (none when the table does not exist yet).</summary>
    public static async Task<IReadOnlyList<DateOnly>> DatesAsync(SparkSession spark, IFileStore store, string table, CancellationToken ct)
    {
        if (!await LakeTable.ExistsAsync(store, table, ct)) return [];
        var rows = await LakeTable.Read(spark, table).Select(Column).Distinct().CollectAsync(ct);
        return [.. rows.Select(r => r.GetAs<DateOnly>(Column)).Order()];
    }

    /// <summary>
    /// The rows of the given dates of a table (a set of dates, not a window: the etl job's written and history dates); a window
    /// is read with <see cref="LakeTable.Read(SparkSession, string, DatePartitions)"/>.
    /// </summary>
    public static DataFrame Read(SparkSession spark, string table, IEnumerable<DateOnly> dates) =>
        LakeTable.Read(spark, table).Filter(Functions.Col(Column).IsIn([.. dates.Order().Cast<object?>()]));
}
