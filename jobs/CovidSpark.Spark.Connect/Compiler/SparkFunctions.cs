using System.Collections.Frozen;
using CovidSpark.Spark.Plan.Catalogue;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// The Spark Connect emission of the function catalogue (<see cref="FunctionCatalogue"/>). Plan function names are
/// already Spark's, so most map 1:1 to an <c>UnresolvedFunction</c> of the same name; the rewrites
/// (<see cref="SparkConnectCompiler.Rewrites"/>) keep results identical to the DuckDB engine under Spark 4's ANSI mode
/// (see docs/spark-connect.md, "Dialect differences").
/// </summary>
internal static class SparkFunctions
{
    /// <summary>Catalogue functions sent unchanged (same name, same arguments); the others are in <see cref="SparkConnectCompiler.Rewrites"/>.</summary>
    public static readonly FrozenSet<string> PassThrough = new[]
    {
        // operators
        "==", "<", "<=", ">", ">=", "<=>", "+", "-", "*", "and", "or", "not", "negative", "isnull", "isnotnull", "like",
        "/", "%", "in", // Plan.Lowering turns / into try_divide, guards modulo's divisor and lowers an empty IN list
        // aggregates
        "sum", "avg", "max", "min", "stddev_samp", "stddev_pop", "var_samp", "first",
        "corr", "regr_sxx", "regr_syy", // corr is guarded by Plan.Lowering (zero variance → NULL, ANSI-safe)
        // scalar
        "coalesce", "greatest", "least", "abs", "floor", "ceil", "sqrt", // floor and ceil: cast to bigint by Plan.Lowering
        "exp", "power", "round", "upper", "lower", "trim", "length",
        "concat", "substring", "isnan", "startswith", "contains", "nanvl", "nullif",
        // natural log: Spark already returns NULL for values <= 0 (DuckDB needs a CASE)
        "ln",
        // window
        "lag", "lead", "row_number", "rank", "dense_rank",
        // dates
        "year", "month", "dayofmonth", "date_add", "datediff",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when the function is in the catalogue and this compiler emits it.</summary>
    public static bool Supports(string sparkName) =>
        FunctionCatalogue.Contains(sparkName) && (PassThrough.Contains(sparkName) || SparkConnectCompiler.Rewrites.ContainsKey(sparkName));
}
