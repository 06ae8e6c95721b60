using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>
/// How the jobs read and write a lake table: every table is a Delta Lake table (Parquet data files plus
/// <c>_delta_log/</c>), so a write is one atomic commit and a read sees one committed version — the engine reads the
/// table's snapshot, never the folders, so half-written or replaced files are never seen.
/// </summary>
public static class LakeTable
{
    /// <summary>The table format of every lake table.</summary>
    public const string Format = "delta";

    /// <summary>The column every dated lake table is partitioned by.</summary>
    public const string ReportDate = "report_date";

    /// <summary>The latest committed version of a table (a table without <see cref="ReportDate"/> partitions, or one read whole).</summary>
    public static DataFrame Read(SparkSession spark, string table) => spark.Read().Format(Format).Load(table);

    /// <summary>
    /// The rows of a dated table inside a window: always names the listed partitions (the engine skips every other partition's
    /// files by their partition values, so a read costs the same on a lake of a month or of years) and filters on the window,
    /// so the rows are those of the window whatever the listing held. One date is an equality, a range two bounds.
    /// </summary>
    public static DataFrame Read(SparkSession spark, string table, DatePartitions partitions)
    {
        var df = partitions.Dates.Count == 0 ? Read(spark, table) : ReportDatePartitions.Read(spark, table, partitions.Dates);
        var (first, last) = (partitions.Window.First, partitions.Window.Last);
        return df.Filter(first == last
            ? Functions.Col(ReportDate).EqualTo(Functions.Lit(first))
            : Functions.Col(ReportDate).Geq(Functions.Lit(first)).And(Functions.Col(ReportDate).Leq(Functions.Lit(last))));
    }

    /// <summary>A writer of a table in the lake's format (mode, partitioning and options still to set).</summary>
    public static DataFrameWriter Write(DataFrame df) => df.Write().Format(Format);

    /// <summary>A writer whose commit records the job's run (<see cref="LakeLayout.Commit"/>) when the lake has one.</summary>
    public static DataFrameWriter Write(DataFrame df, LakeLayout lake) => lake.Commit is { } commit ? commit.Tag(Write(df)) : Write(df);

    /// <summary>Whether the table has been created (its log exists).</summary>
    public static Task<bool> ExistsAsync(IFileStore store, string table, CancellationToken ct) =>
        store.FolderExistsAsync(FileStorePaths.Combine(table, "_delta_log"), ct);
}
