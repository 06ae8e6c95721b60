using System.Collections.Immutable;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.Sql;

/// <summary>The result of <see cref="DataFrame.GroupBy(Column[])"/>: choose the aggregates.</summary>
public sealed class RelationalGroupedDataset
{
    private readonly DataFrame _df;
    private readonly ImmutableArray<Expr> _groupings;

    internal RelationalGroupedDataset(DataFrame df, ImmutableArray<Expr> groupings)
    {
        _df = df;
        _groupings = groupings;
    }

    /// <summary>One output row per group: the grouping columns, then the aggregates.</summary>
    public DataFrame Agg(Column first, params Column[] rest) =>
        new(_df.Session, new Aggregate(_df.Plan, _groupings, [first.Expr, .. rest.Select(c => c.Expr)]));

    /// <summary>Rows per group, in a column named <c>count</c>.</summary>
    public DataFrame Count() => Agg(Functions.Count(Functions.Col("*")).Alias("count"));
}
