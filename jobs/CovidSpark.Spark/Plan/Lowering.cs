using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// Cross-engine rewrites applied by every compiler just before it emits a function call, so a semantic rule the
/// library promises on all engines lives here once instead of in each compiler. Column names are derived from the
/// call as written (<see cref="ExprNames"/>) before lowering, so lowering never changes a result column's name.
/// </summary>
/// <remarks>
/// A rule's output may contain the original function again; it is wrapped in <see cref="LoweredCall"/>, which
/// compilers emit as the engine's own function without lowering it a second time.
/// </remarks>
public static class Lowering
{
    /// <summary>The rewritten expression, or null when no rule applies to <paramref name="call"/>.</summary>
    public static Expr? Lower(FunctionCall call) => call switch
    {
        { Name: "corr", Args: [var x, var y] } => GuardedCorr(call, x, y),
        // a / b is always a division of doubles, NULL when b is 0, with ANSI on or off (Spark under ANSI would fail the query,
        // without it and DuckDB return NULL or infinity): Spark's try_divide of the operands as doubles.
        { Name: "/", Args: [var a, var b] } => FunctionCatalogue.Call("try_divide", a, b),
        // floor and ceil are bigint whatever the input type, as Spark's are (DuckDB's floor of a double is a double).
        { Name: "floor" or "ceil" } => new Cast(new LoweredCall(call), LongType.Instance),
        // to_date(s, fmt) is the date of to_timestamp(s, fmt): NULL for text the pattern does not read, on every engine.
        { Name: "to_date", Args: [var s, var fmt] } => new Cast(FunctionCatalogue.Call("to_timestamp", s, fmt), DateType.Instance),
        // NULL on modulo by zero, with ANSI on or off: Spark under ANSI would fail the query, DuckDB fails it always.
        { Name: "%", Args: [var a, var b] } => new LoweredCall(FunctionCatalogue.Call("%", a, FunctionCatalogue.Call("nullif", b, new Literal(0)))),
        // x IN () with no values: false, NULL for a NULL x (Spark 3.5's answer; an empty list is a syntax error in DuckDB).
        { Name: "in", Args: [var x] } => new CaseWhen([(FunctionCatalogue.Call("isnotnull", x), new Literal(false))], null),
        _ => null,
    };

    /// <summary>
    /// <c>corr(x, y)</c> is NULL unless both x and y vary over the rows where both are non-NULL. Without the guard
    /// Spark under ANSI mode (Spark 4's default) fails the whole query with DIVIDE_BY_ZERO when a group has zero
    /// variance, Spark without ANSI returns NaN or NULL, and DuckDB NaN. <c>regr_sxx(y, x)</c> is
    /// Σ(x − x̄)² over exactly those pairs (0 when every x is equal or there is one pair, NULL when there is none) and
    /// divides by nothing, so it is safe under ANSI on both engines (Spark ≥ 3.4, DuckDB).
    /// </summary>
    private static CaseWhen GuardedCorr(FunctionCall call, Expr x, Expr y) =>
        new([(FunctionCatalogue.Call("and",
                FunctionCatalogue.Call(">", FunctionCatalogue.Call("regr_sxx", y, x), new Literal(0.0)),
                FunctionCatalogue.Call(">", FunctionCatalogue.Call("regr_syy", y, x), new Literal(0.0))),
            new LoweredCall(call))], null);
}

/// <summary>A call produced by a <see cref="Lowering"/> rule: emitted as the engine's own function, never lowered again.</summary>
public sealed record LoweredCall(FunctionCall Call) : Expr;
