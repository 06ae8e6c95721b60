using System.Collections.Immutable;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// An immutable relation node of the logical plan. Records compare by reference on purpose
/// (see <see cref="ColumnRef.Owner"/>): two reads of the same file are two relations.
/// </summary>
public abstract record Relation
{
    public virtual bool Equals(Relation? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    /// <summary>The relations this one reads from, left to right.</summary>
    public abstract IEnumerable<Relation> Children { get; }
}

/// <summary>File formats readers and writers know.</summary>
public enum FileFormat { Csv, Parquet, Delta }

/// <summary>Read files. For CSV, a schema makes the read exact and identical on every engine.</summary>
public sealed record ReadFiles(FileFormat Format, ImmutableArray<string> Paths, ImmutableSortedDictionary<string, string> Options, StructType? Schema) : Relation
{
    public override IEnumerable<Relation> Children => [];

    /// <summary>
    /// The read's columns as the session's engine resolved them when the DataFrame was created, for reads whose columns are in
    /// the files (Parquet, CSV without a schema); null when the engine resolves them on its side (Spark Connect) or needs not.
    /// </summary>
    public ResolvedColumns? Resolved { get; init; }
}

/// <summary>One output column of a leaf as its engine resolved it: the name and the engine's own type name.</summary>
public sealed record ResolvedColumn(string Name, string EngineType);

/// <summary>
/// The output columns of a leaf whose columns live in files or in SQL text (a Parquet read, a CSV read without a schema, a
/// <c>spark.Sql</c> query), resolved once by the session's engine when the DataFrame is created
/// (<see cref="Engines.ISparkEngine.ResolveColumns"/>), as Spark analyses a DataFrame eagerly: compiling a plan over the leaf
/// then needs no connection. Types are the engine's own names (DuckDB's <c>HUGEINT</c> and <c>DECIMAL(2,1)</c> are finer than
/// the library's types, and its compiler casts them), so only the engine named by <see cref="Engine"/> reads them; a plan
/// sent to Spark Connect never carries them (the server resolves).
/// </summary>
public sealed record ResolvedColumns(string Engine, ImmutableArray<ResolvedColumn> Columns);

/// <summary>Rows given by the driver (small data: centroids, lookups, tests).</summary>
public sealed record LocalRelation(StructType Schema, ImmutableArray<ImmutableArray<object?>> Rows) : Relation
{
    public override IEnumerable<Relation> Children => [];
}

/// <summary>A temp view visible to a SQL query, captured when the query was built.</summary>
public sealed record NamedView(string Name, Relation Plan);

/// <summary>A Spark SQL query over the temp views registered when it was created.</summary>
public sealed record SqlQuery(string Query, ImmutableArray<NamedView> Views) : Relation
{
    public override IEnumerable<Relation> Children => Views.Select(v => v.Plan);

    /// <summary>The query's columns as the session's engine resolved them at <c>spark.Sql</c>; null when the engine resolves them on its side.</summary>
    public ResolvedColumns? Resolved { get; init; }
}

public sealed record Project(Relation Input, ImmutableArray<Expr> Expressions) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

public sealed record Filter(Relation Input, Expr Condition) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

/// <summary>Adds or replaces columns (Spark <c>withColumn</c>): a replaced column keeps its position.</summary>
public sealed record WithColumns(Relation Input, ImmutableArray<Alias> Columns) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

/// <summary>Renames columns; names not present are ignored, as in Spark.</summary>
public sealed record WithColumnsRenamed(Relation Input, ImmutableArray<(string From, string To)> Renames) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

/// <summary>Drops columns by name; names not present are ignored, as in Spark.</summary>
public sealed record Drop(Relation Input, ImmutableArray<string> Columns) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

public sealed record Aggregate(Relation Input, ImmutableArray<Expr> Groupings, ImmutableArray<Expr> Aggregates) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

/// <summary>Join kinds, as Spark names them.</summary>
public enum JoinType { Inner, LeftOuter, RightOuter, FullOuter, LeftSemi, LeftAnti, Cross }

/// <summary>
/// A join on equal <paramref name="UsingColumns"/> (each appears once in the output, as in Spark) or on a condition
/// whose columns come from <c>left["x"]</c> / <c>right["y"]</c>.
/// </summary>
public sealed record Join(Relation Left, Relation Right, Expr? Condition, ImmutableArray<string> UsingColumns, JoinType Type) : Relation
{
    public override IEnumerable<Relation> Children => [Left, Right];
}

public sealed record Sort(Relation Input, ImmutableArray<SortOrder> Order) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

public sealed record Limit(Relation Input, int Count) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}

/// <summary>Set operations: <c>Union</c> (by position, keeps duplicates, Spark's <c>union</c>) and by name.</summary>
public enum SetOpKind { UnionAll, UnionByName }

public sealed record SetOp(Relation Left, Relation Right, SetOpKind Kind, bool AllowMissingColumns = false) : Relation
{
    public override IEnumerable<Relation> Children => [Left, Right];
}

public sealed record Distinct(Relation Input) : Relation
{
    public override IEnumerable<Relation> Children => [Input];
}
