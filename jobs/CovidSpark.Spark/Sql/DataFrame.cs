using System.Collections.Immutable;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// A lazy, immutable query. Transformations (this file) return new DataFrames and run nothing;
/// actions (<c>DataFrame.Actions.cs</c>) are async and run the plan on the session's engine.
/// </summary>
public sealed partial class DataFrame
{
    internal DataFrame(SparkSession session, Relation plan)
    {
        Session = session;
        Plan = plan;
    }

    public SparkSession Session { get; }

    /// <summary>The logical plan behind this DataFrame.</summary>
    public Relation Plan { get; }

    /// <summary>A column of this DataFrame; unambiguous in joins.</summary>
    public Column this[string name] => Col(name);

    /// <inheritdoc cref="this[string]"/>
    public Column Col(string name) => new(new ColumnRef(name, Plan));

    private DataFrame With(Relation plan) => new(Session, plan);

    public DataFrame Select(params Column[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("Select needs at least one column.", nameof(columns));
        return With(new Project(Plan, [.. columns.Select(c => c.Expr)]));
    }

    public DataFrame Select(params string[] columns) => Select([.. columns.Select(Functions.Col)]);

    public DataFrame Filter(Column condition) => With(new Filter(Plan, condition.Expr));

    public DataFrame Where(Column condition) => Filter(condition);

    /// <summary>Adds a column, or replaces the column of that name in place.</summary>
    public DataFrame WithColumn(string name, Column column) =>
        With(new WithColumns(Plan, [new Alias(column.Expr is Alias a ? a.Child : column.Expr, name)]));

    public DataFrame WithColumnRenamed(string existing, string newName) =>
        With(new WithColumnsRenamed(Plan, [(existing, newName)]));

    /// <summary>Drops columns; names that do not exist are ignored.</summary>
    public DataFrame Drop(params string[] columns) => With(new Drop(Plan, [.. columns]));

    public RelationalGroupedDataset GroupBy(params Column[] columns) => new(this, [.. columns.Select(c => c.Expr)]);

    public RelationalGroupedDataset GroupBy(params string[] columns) => GroupBy([.. columns.Select(Functions.Col)]);

    /// <summary>Aggregates the whole DataFrame to one row.</summary>
    public DataFrame Agg(Column first, params Column[] rest) => GroupBy(Array.Empty<Column>()).Agg(first, rest);

    /// <summary>Equi-join on columns present on both sides; each appears once in the result.</summary>
    /// <param name="right">The other side.</param>
    /// <param name="usingColumns">Columns present on both sides.</param>
    /// <param name="joinType">inner, left, right, full (outer), left_semi, left_anti, cross — Spark's names.</param>
    public DataFrame Join(DataFrame right, IEnumerable<string> usingColumns, string joinType = "inner")
    {
        EnsureSameSession(right);
        var cols = usingColumns.ToImmutableArray();
        if (cols.IsEmpty) throw new ArgumentException("Join needs at least one column.", nameof(usingColumns));
        return With(new Join(Plan, right.Plan, null, cols, ParseJoinType(joinType)));
    }

    public DataFrame Join(DataFrame right, string usingColumn, string joinType = "inner") => Join(right, [usingColumn], joinType);

    /// <summary>Join on a condition built from <c>left["x"]</c> and <c>right["y"]</c>; both sides' columns are kept.</summary>
    public DataFrame Join(DataFrame right, Column condition, string joinType = "inner")
    {
        EnsureSameSession(right);
        return With(new Join(Plan, right.Plan, condition.Expr, [], ParseJoinType(joinType)));
    }

    public DataFrame CrossJoin(DataFrame right)
    {
        EnsureSameSession(right);
        return With(new Join(Plan, right.Plan, null, [], JoinType.Cross));
    }

    public DataFrame OrderBy(params Column[] columns) => With(new Sort(Plan, [.. columns.Select(Functions.ToSortOrder)]));

    public DataFrame OrderBy(params string[] columns) => OrderBy([.. columns.Select(Functions.Col)]);

    public DataFrame Sort(params Column[] columns) => OrderBy(columns);

    public DataFrame Limit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return With(new Limit(Plan, count));
    }

    /// <summary>Rows of both, matched by position (Spark <c>union</c>: keeps duplicates).</summary>
    public DataFrame Union(DataFrame other)
    {
        EnsureSameSession(other);
        return With(new SetOp(Plan, other.Plan, SetOpKind.UnionAll));
    }

    /// <summary>Rows of both, matched by column name; with <paramref name="allowMissingColumns"/>, absent columns are NULL.</summary>
    public DataFrame UnionByName(DataFrame other, bool allowMissingColumns = false)
    {
        EnsureSameSession(other);
        return With(new SetOp(Plan, other.Plan, SetOpKind.UnionByName, allowMissingColumns));
    }

    public DataFrame Distinct() => With(new Distinct(Plan));

    /// <summary>Registers this DataFrame as a temp view for <see cref="SparkSession.Sql"/> queries built afterwards.</summary>
    public void CreateOrReplaceTempView(string name) => Session.RegisterView(name, Plan);

    /// <summary>Configures a write of this DataFrame.</summary>
    public DataFrameWriter Write() => new(this);

    private void EnsureSameSession(DataFrame other)
    {
        if (!ReferenceEquals(other.Session, Session))
            throw new InvalidOperationException("Cannot combine DataFrames from different SparkSessions.");
    }

    internal static JoinType ParseJoinType(string joinType) => joinType.Replace("_", "").ToLowerInvariant() switch
    {
        "inner" => JoinType.Inner,
        "left" or "leftouter" => JoinType.LeftOuter,
        "right" or "rightouter" => JoinType.RightOuter,
        "full" or "outer" or "fullouter" => JoinType.FullOuter,
        "leftsemi" or "semi" => JoinType.LeftSemi,
        "leftanti" or "anti" => JoinType.LeftAnti,
        "cross" => JoinType.Cross,
        _ => throw new ArgumentException($"Unknown join type '{joinType}'. Use inner, left, right, full, left_semi, left_anti or cross.", nameof(joinType)),
    };
}
