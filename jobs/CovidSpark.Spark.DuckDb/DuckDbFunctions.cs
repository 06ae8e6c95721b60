using System.Collections.Frozen;
using System.Globalization;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql.Types;
using static CovidSpark.Spark.DuckDb.DuckDbDialect;

namespace CovidSpark.Spark.DuckDb;

/// <summary>One call being emitted: the plan call, its arguments already rendered as DuckDB SQL, and their types where known.</summary>
internal sealed class DuckDbCall(FunctionCall call, IReadOnlyList<string> args, Func<int, DataType?> argType)
{
    public FunctionCall Call => call;

    public IReadOnlyList<string> Args => args;

    /// <summary>The rendered argument <paramref name="i"/>; an <see cref="AnalysisException"/> naming the function when missing.</summary>
    public string this[int i] => i < args.Count ? args[i] : throw new AnalysisException($"Function {call.Name} needs at least {i + 1} argument(s).");

    /// <summary>The type of argument <paramref name="i"/>, or null when it cannot be told.</summary>
    public DataType? TypeOf(int i) => argType(i);

    public string Distinct => call.IsDistinct ? "DISTINCT " : "";
}

/// <summary>
/// The DuckDB emission of every function of <see cref="Plan.Catalogue.FunctionCatalogue"/>, one entry per name:
/// operators from <see cref="DuckDbDialect.BinaryInfix"/>, 1:1 renames from <see cref="DuckDbDialect.SimpleFunctions"/>,
/// and the rewrites below, each giving Spark's answer where DuckDB's builtin differs. A test fails when a catalogue
/// function has no entry here or an entry names a function the catalogue lacks.
/// </summary>
internal static class DuckDbFunctions
{

    private static FrozenDictionary<string, Func<DuckDbCall, string>> Build()
    {
        var emitters = new Dictionary<string, Func<DuckDbCall, string>>(StringComparer.Ordinal);
        foreach (var (name, op) in BinaryInfix) emitters[name] = c => $"({c[0]} {op} {c[1]})";
        foreach (var (name, duck) in SimpleFunctions) emitters[name] = c => Simple(duck, c);
        foreach (var (name, emit) in Rewrites) emitters[name] = emit;
        return emitters.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Simple(string duckName, DuckDbCall c) => $"{duckName}({c.Distinct}{string.Join(", ", c.Args)})";

    private static readonly (string Name, Func<DuckDbCall, string> Emit)[] Rewrites =
    [
        // a / b is lowered to try_divide (Plan.Lowering): division of doubles, NULL for a zero divisor.
        ("try_divide", c => $"(CAST({c[0]} AS DOUBLE) / NULLIF(CAST({c[1]} AS DOUBLE), 0))"),
        ("nullif", c => $"NULLIF({c[0]}, {c[1]})"),
        // DuckDB's concat() skips NULL arguments; Spark's concat is NULL when any argument is (so is DuckDB's ||).
        ("concat", c => c.Args.Count switch { 0 => "''", 1 => $"CAST({c[0]} AS VARCHAR)", _ => "(" + string.Join(" || ", c.Args) + ")" }),
        ("isnan", c => $"coalesce(isnan({c[0]}), FALSE)"),
        ("not", c => $"(NOT {c[0]})"),
        ("negative", c => $"(- {c[0]})"),
        ("isnull", c => $"({c[0]} IS NULL)"),
        ("isnotnull", c => $"({c[0]} IS NOT NULL)"),
        // x IN () has been lowered (Plan.Lowering): a list here has values.
        ("in", c => $"({c[0]} IN ({string.Join(", ", c.Args.Skip(1))}))"),
        // Spark's LIKE escapes with a backslash by default; DuckDB has no escape character unless told.
        ("like", c => $"({c[0]} LIKE {c[1]} ESCAPE '\\')"),
        ("count", c => c.Call.Args is [Star] ? "count(*)" : Simple("count", c)),
        ("sum", c => $"sum({c.Distinct}{c[0]})"),
        ("ln", c => $"CASE WHEN {c[0]} > 0 THEN ln({c[0]}) END"),
        ("sqrt", c => $"CASE WHEN {c[0]} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt({c[0]}) END"),
        ("nanvl", c => $"CASE WHEN isnan({c[0]}) THEN {c[1]} ELSE {c[0]} END"),
        ("round", Round),
        // Spark's cast of text to a date also takes 'yyyy', 'yyyy-[m]m' and a date followed by ' ' or 'T' and anything;
        // DuckDB's cast takes only a whole date. Completed here first, so both engines read the same text alike.
        // to_date(s, fmt) is lowered to a cast of to_timestamp(s, fmt) (Plan.Lowering).
        ("to_date", c => c.Args.Count == 1
            ? $"TRY_CAST(CASE WHEN regexp_matches(trim(CAST({c[0]} AS VARCHAR)), '^[0-9]{{4}}$') THEN trim(CAST({c[0]} AS VARCHAR)) || '-01-01' "
                + $"WHEN regexp_matches(trim(CAST({c[0]} AS VARCHAR)), '^[0-9]{{4}}-[0-9]{{1,2}}$') THEN trim(CAST({c[0]} AS VARCHAR)) || '-01' "
                + $"ELSE regexp_extract(trim(CAST({c[0]} AS VARCHAR)), '^([0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})([ T].*)?$', 1) END AS DATE)"
            : throw new OperationNotSupportedException(EngineName, "to_date with a pattern that was not lowered")),
        ("substring", Substring),
        ("to_timestamp", c => $"try_strptime({c[0]}, {QuoteString(StrptimeFormat(FormatArg(c.Call)))})"),
        ("date_add", c => $"CAST(({c[0]} + {c[1]}) AS DATE)"),
        ("datediff", c => $"datediff('day', {c[1]}, {c[0]})"),
    ];

    /// <summary>
    /// Spark: position 1 is the first character and 0 means 1 as well; a negative position counts from the end and
    /// the part before the string is cut off; a length below 1 gives ''. DuckDB reads 0 as the place before the first.
    /// </summary>
    private static string Substring(DuckDbCall c)
    {
        if (c.Call.Args is not [_, Literal { Value: int pos }, Literal { Value: int len }]) return Simple("substring", c);
        if (len <= 0) return $"CASE WHEN {c[0]} IS NOT NULL THEN '' END";
        if (pos >= 0) return $"substring({c[0]}, {Math.Max(pos, 1)}, {len})";
        var start = $"greatest(length({c[0]}) - {-pos}, 0)";
        return $"substring({c[0]}, {start} + 1, greatest(least(length({c[0]}) - {-pos} + {len}, length({c[0]})) - {start}, 0))";
    }

    /// <summary>
    /// Spark rounds a double HALF_UP (ties away from zero) on the decimal value of its shortest text (<c>0.285</c>, not the
    /// binary 0.28499999999999998), so <c>round(0.285, 2)</c> is 0.29 where DuckDB's double <c>round</c> gives 0.28. Here the
    /// shortest text (DuckDB's double-to-text is shortest round-trip, as Java's) is read as an exact DECIMAL and rounded
    /// there: DECIMAL(38,37) below 1 (a double's text has at most 17 significant digits, so every text of magnitude ≥ 1e-20
    /// fits; smaller ones round to 0 at any scale up to 19), DECIMAL(38,18) below 1e19. At 1e19 and beyond every double is
    /// an integer: returned as it is for scales ≥ 0 (as Spark), DuckDB's round for negative scales. NaN and infinities fall
    /// through unchanged, as on Spark. Integers keep DuckDB's round, which is already HALF_UP and keeps the type.
    /// </summary>
    private static string Round(DuckDbCall c)
    {
        if (c.TypeOf(0) is not DoubleType || c.Call.Args is not [_, Literal { Value: int scale }]) return Simple("round", c);
        var x = c[0];
        var s = scale.ToString(CultureInfo.InvariantCulture);
        string Exact(int digits) =>
            $"CAST(round(TRY_CAST(CAST({x} AS VARCHAR) AS DECIMAL(38,{digits.ToString(CultureInfo.InvariantCulture)})), {s}) AS DOUBLE)";
        return $"CASE WHEN abs({x}) < 1 THEN {Exact(37)} WHEN abs({x}) < 1e19 THEN {Exact(18)} "
            + $"ELSE {(scale >= 0 ? x : $"round({x}, {s})")} END";
    }

    /// <summary>The emission of each catalogue function, by Spark name.</summary>
    public static readonly FrozenDictionary<string, Func<DuckDbCall, string>> Emitters = Build();

    private static string FormatArg(FunctionCall f) =>
        f.Args.Length > 1 && f.Args[1] is Literal { Value: string s } ? s
        : throw new AnalysisException($"{f.Name} needs a constant string pattern as its second argument.");
}
