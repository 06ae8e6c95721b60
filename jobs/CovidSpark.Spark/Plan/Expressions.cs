using System.Collections.Immutable;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// An immutable expression node of the logical plan. Function and operator names are Spark's
/// (<c>==</c>, <c>and</c>, <c>sum</c>, <c>to_date</c>, ...) so that the Spark Connect compiler maps them 1:1 and
/// every other engine translates them from a table.
/// </summary>
public abstract record Expr;

/// <summary>A column by name. <paramref name="Owner"/> is set when built from <c>df["name"]</c> and disambiguates joins.</summary>
public sealed record ColumnRef(string Name, Relation? Owner = null) : Expr;

/// <summary>All columns (<c>*</c>).</summary>
public sealed record Star : Expr { public static readonly Star Instance = new(); }

/// <summary>A constant. <paramref name="Value"/> is null, string, bool, int, long, double, DateOnly or DateTime.</summary>
public sealed record Literal(object? Value, DataType? Type = null) : Expr;

/// <summary>A function or operator call by Spark name.</summary>
public sealed record FunctionCall(string Name, ImmutableArray<Expr> Args, bool IsDistinct = false) : Expr
{
    public FunctionCall(string name, params Expr[] args) : this(name, args.ToImmutableArray()) { }

    public bool Equals(FunctionCall? other) => other is not null && Name == other.Name && IsDistinct == other.IsDistinct && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Name, IsDistinct, Args.Length);
}

/// <summary><c>expr AS name</c>.</summary>
public sealed record Alias(Expr Child, string Name) : Expr;

/// <summary><c>CAST(expr AS type)</c>; Spark semantics: a failed cast yields NULL (DuckDB: <c>TRY_CAST</c>).</summary>
public sealed record Cast(Expr Child, DataType Type) : Expr;

/// <summary><c>CASE WHEN c1 THEN v1 ... ELSE e END</c>.</summary>
public sealed record CaseWhen(ImmutableArray<(Expr Condition, Expr Value)> Branches, Expr? Else) : Expr
{
    public bool Equals(CaseWhen? other) => other is not null && Branches.SequenceEqual(other.Branches) && Equals(Else, other.Else);

    public override int GetHashCode() => HashCode.Combine(Branches.Length, Else);
}

/// <summary>A sort key: direction and where NULLs go (Spark default: ascending NULLS FIRST, descending NULLS LAST).</summary>
public sealed record SortOrder(Expr Child, bool Ascending, bool NullsFirst) : Expr;

/// <summary>Window frame in rows relative to the current row (<c>long.MinValue</c>/<c>long.MaxValue</c> = unbounded).</summary>
public sealed record WindowFrame(long Start, long End);

/// <summary><c>func OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)</c>.</summary>
public sealed record WindowExpr(Expr Function, ImmutableArray<Expr> PartitionBy, ImmutableArray<SortOrder> OrderBy, WindowFrame? Frame) : Expr
{
    public bool Equals(WindowExpr? other) => other is not null && Function.Equals(other.Function)
        && PartitionBy.SequenceEqual(other.PartitionBy) && OrderBy.SequenceEqual(other.OrderBy) && Equals(Frame, other.Frame);

    public override int GetHashCode() => HashCode.Combine(Function, PartitionBy.Length, OrderBy.Length, Frame);
}
