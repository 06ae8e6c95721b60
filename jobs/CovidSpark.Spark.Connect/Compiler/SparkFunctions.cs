using System.Collections.Frozen;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// The function table of the Spark Connect compiler. Plan function names are already Spark's, so most map 1:1
/// to an <c>UnresolvedFunction</c> of the same name; the rewrites keep results identical to the DuckDB engine
/// under Spark 4's ANSI mode (see docs/spark-connect.md, "Dialect differences").
/// </summary>
internal static class SparkFunctions
{
    /// <summary>Operators and functions sent unchanged (same name, same arguments).</summary>
    public static readonly FrozenSet<string> PassThrough = new[]
    {
        // operators
        "==", "<", "<=", ">", ">=", "<=>", "+", "-", "*", "and", "or", "not", "negative",
        "isnull", "isnotnull", "like",
        "in", // except x IN () without values: CASE WHEN x IS NOT NULL THEN false END, alike on every Spark version
        // aggregates
        "sum", "avg", "count", "max", "min", "stddev_samp", "stddev_pop", "var_samp", "first",
        "corr", "regr_sxx", "regr_syy", // corr is guarded by Plan.Lowering (zero variance → NULL, ANSI-safe)
        // scalar
        "coalesce", "greatest", "least", "abs", "sqrt", "exp", "power", "round", "upper", "lower", "trim", "length",
        "concat", "substring", "isnan", "startswith", "contains", "nanvl",
        // natural log: Spark already returns NULL for values <= 0 (DuckDB needs a CASE)
        "ln",
        // window
        "lag", "lead", "row_number", "rank", "dense_rank",
        // dates
        "year", "month", "dayofmonth", "date_add", "datediff",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Functions compiled by a rewrite in <see cref="SparkConnectCompiler"/>; each has a golden test.</summary>
    public static readonly FrozenSet<string> Rewritten = new[]
    {
        "/",            // try_divide(double, double): NULL on division by zero even with ANSI on
        "%",            // a % nullif(b, 0): NULL on modulo by zero even with ANSI on
        "!=",           // not(==): '!=' is no function in Spark's registry
        "floor", "ceil", // cast to bigint, whatever the input type
        "to_date",      // with a pattern: cast(try_to_timestamp(s, fmt) as date); without: try-cast to date
        "to_timestamp", // try_to_timestamp(s, fmt): NULL instead of an error on bad input
        "count",        // count(*) is sent as count(1), the name Spark gives it
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when the compiler can translate the Spark function or operator.</summary>
    public static bool Supports(string sparkName) => PassThrough.Contains(sparkName) || Rewritten.Contains(sparkName);
}
