using System.Collections.Immutable;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// Column functions, named after Spark's <c>functions</c>. Each builds a plan expression;
/// nothing runs until an action. Aggregates are in <c>Functions.Aggregate.cs</c>, window functions in
/// <c>Functions.Window.cs</c>, dates in <c>Functions.DateTime.cs</c>.
/// </summary>
public static partial class Functions
{
    /// <summary>A column by name.</summary>
    public static Column Col(string name) => new(name == "*" ? Star.Instance : new ColumnRef(name));

    /// <inheritdoc cref="Col"/>
    public static Column Column(string name) => Col(name);

    /// <summary>A constant: null, string, bool, int, long, double, DateOnly or DateTime.</summary>
    public static Column Lit(object? value) => value is Column c ? c : new(new Literal(value));

    /// <summary>Starts a CASE expression: <c>When(cond, v).When(cond2, v2).Otherwise(e)</c>.</summary>
    public static Column When(Column condition, object? value) =>
        new(new CaseWhen([(condition.Expr, Lit(value).Expr)], null));

    /// <summary>The first non-null argument.</summary>
    public static Column Coalesce(params Column[] columns) => Call("coalesce", columns);
    public static Column Greatest(params Column[] columns) => Call("greatest", columns);
    public static Column Least(params Column[] columns) => Call("least", columns);
    public static Column Abs(Column c) => Call("abs", c);
    public static Column Sqrt(Column c) => Call("sqrt", c);
    public static Column Exp(Column c) => Call("exp", c);
    /// <summary>Natural logarithm; NULL for values ≤ 0 on every engine.</summary>
    public static Column Log(Column c) => Call("ln", c);
    public static Column Pow(Column c, object? exponent) => new(FunctionCatalogue.Call("power", c.Expr, Lit(exponent).Expr));
    /// <summary>Rounds half away from zero to <paramref name="scale"/> decimals.</summary>
    public static Column Round(Column c, int scale = 0) => new(FunctionCatalogue.Call("round", c.Expr, new Literal(scale)));
    /// <summary>Largest integer ≤ value, as <c>bigint</c>.</summary>
    public static Column Floor(Column c) => Call("floor", c);
    public static Column Ceil(Column c) => Call("ceil", c);
    public static Column Upper(Column c) => Call("upper", c);
    public static Column Lower(Column c) => Call("lower", c);
    public static Column Trim(Column c) => Call("trim", c);
    public static Column Length(Column c) => Call("length", c);
    public static Column Concat(params Column[] columns) => Call("concat", columns);
    /// <summary>1-based substring, as in Spark.</summary>
    public static Column Substring(Column c, int pos, int len) => new(FunctionCatalogue.Call("substring", c.Expr, new Literal(pos), new Literal(len)));
    public static Column IsNull(Column c) => c.IsNull();
    /// <summary>NaN-safe: replaces NaN with <paramref name="other"/>.</summary>
    public static Column Nanvl(Column c, Column other) => Call("nanvl", c, other);

    internal static Column Call(string name, params Column[] args) => new(FunctionCatalogue.Call(name, [.. args.Select(a => a.Expr)]));

    internal static SortOrder ToSortOrder(Column c) => c.Expr as SortOrder ?? new SortOrder(c.Expr, true, true);
}
