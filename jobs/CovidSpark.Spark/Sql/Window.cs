using System.Collections.Immutable;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.Sql;

/// <summary>Builds window specifications: <c>Window.PartitionBy("iso3").OrderBy("report_date").RowsBetween(-6, 0)</c>.</summary>
public static class Window
{
    /// <summary>Frame bound meaning "from the first row of the partition".</summary>
    public const long UnboundedPreceding = long.MinValue;
    /// <summary>Frame bound meaning "to the last row of the partition".</summary>
    public const long UnboundedFollowing = long.MaxValue;
    public const long CurrentRow = 0;

    public static WindowSpec PartitionBy(params string[] columns) => new WindowSpec().PartitionBy(columns);
    public static WindowSpec PartitionBy(params Column[] columns) => new WindowSpec().PartitionBy(columns);
    public static WindowSpec OrderBy(params string[] columns) => new WindowSpec().OrderBy(columns);
    public static WindowSpec OrderBy(params Column[] columns) => new WindowSpec().OrderBy(columns);
}

/// <summary>An immutable window specification.</summary>
public sealed record WindowSpec
{
    internal ImmutableArray<Expr> PartitionExprs { get; init; } = [];
    internal ImmutableArray<SortOrder> OrderExprs { get; init; } = [];
    internal WindowFrame? Frame { get; init; }

    public WindowSpec PartitionBy(params string[] columns) => this with { PartitionExprs = [.. columns.Select(c => (Expr)new ColumnRef(c))] };
    public WindowSpec PartitionBy(params Column[] columns) => this with { PartitionExprs = [.. columns.Select(c => c.Expr)] };
    public WindowSpec OrderBy(params string[] columns) => this with { OrderExprs = [.. columns.Select(c => new SortOrder(new ColumnRef(c), true, true))] };
    public WindowSpec OrderBy(params Column[] columns) => this with { OrderExprs = [.. columns.Select(Functions.ToSortOrder)] };

    /// <summary>Frame in rows relative to the current row: <c>RowsBetween(-6, 0)</c> is the last 7 rows.</summary>
    public WindowSpec RowsBetween(long start, long end)
    {
        if (start > end) throw new ArgumentException($"Window frame start {start} is after its end {end}.");
        return this with { Frame = new WindowFrame(start, end) };
    }
}
