using System.Collections.Frozen;
using System.Collections.Immutable;
using CovidSpark.Spark.Sql.Types;
using static CovidSpark.Spark.Plan.Catalogue.FunctionKind;
using static CovidSpark.Spark.Plan.Catalogue.ResultTypes;

namespace CovidSpark.Spark.Plan.Catalogue;

/// <summary>
/// Every function and operator a plan may call, declared once: the API wrappers build calls through <see cref="Call"/>
/// (unknown names and wrong argument counts fail there), each engine has one emission per entry (a test in each engine's
/// test project fails when an entry has none, or when an engine emits a name missing here), expression types come from
/// <see cref="FunctionInfo.ResultType"/>, and docs/spark-connect.md's function table is generated from
/// <see cref="FunctionInfo.Parity"/>. Cross-engine rewrites live in <see cref="Lowering"/>.
/// </summary>
public static class FunctionCatalogue
{
    private static readonly DataType Bool = BooleanType.Instance, Double = DoubleType.Instance, Long = LongType.Instance,
        Int = IntegerType.Instance, Str = StringType.Instance, Date = DateType.Instance;

    private static FunctionInfo F(string name, FunctionKind kind, int min, int? max, DataType type) => new(name, kind, min, max, Fixed(type), type);

    private static FunctionInfo F(string name, FunctionKind kind, int min, int? max, ResultTypeRule rule) => new(name, kind, min, max, rule, null);

    /// <summary>The entries, in the order the docs list them.</summary>
    public static readonly ImmutableArray<FunctionInfo> All =
    [
        // operators
        F("==", Operator, 2, 2, Bool), F("!=", Operator, 2, 2, Bool), F("<", Operator, 2, 2, Bool), F("<=", Operator, 2, 2, Bool),
        F(">", Operator, 2, 2, Bool), F(">=", Operator, 2, 2, Bool), F("<=>", Operator, 2, 2, Bool),
        F("+", Operator, 2, 2, Widest), F("-", Operator, 2, 2, Widest), F("*", Operator, 2, 2, Widest),
        F("/", Operator, 2, 2, Double) with { Parity = [new("a / b", "always double; NULL on division by zero (non-ANSI), also with ANSI on", "division: inf / error", "Divide_is_double_and_null_on_zero", "division_by_zero")] },
        F("try_divide", Operator, 2, 2, Double) with { LoweringOnly = true },
        F("%", Operator, 2, 2, Widest) with { Parity = [new("a % b", "NULL on modulo by zero", "error", "Modulo_is_null_on_zero", "modulo_by_zero")] },
        F("and", Operator, 2, 2, Bool), F("or", Operator, 2, 2, Bool), F("not", Operator, 1, 1, Bool), F("negative", Operator, 1, 1, SameAsFirst),
        F("isnull", Operator, 1, 1, Bool), F("isnotnull", Operator, 1, 1, Bool), F("in", Operator, 1, null, Bool), F("like", Operator, 2, 2, Bool),
        // aggregates
        F("sum", FunctionKind.Aggregate, 1, 1, Sum), F("avg", FunctionKind.Aggregate, 1, 1, Double), F("count", FunctionKind.Aggregate, 1, 1, Long),
        F("max", FunctionKind.Aggregate, 1, 1, SameAsFirst), F("min", FunctionKind.Aggregate, 1, 1, SameAsFirst), F("first", FunctionKind.Aggregate, 1, 1, SameAsFirst),
        F("stddev_samp", FunctionKind.Aggregate, 1, 1, Double), F("stddev_pop", FunctionKind.Aggregate, 1, 1, Double), F("var_samp", FunctionKind.Aggregate, 1, 1, Double),
        F("corr", FunctionKind.Aggregate, 2, 2, Double) with { Parity = [new("Corr(a, b)", "NULL when a side has no variance over the pairs (guarded by the lowering pass; ANSI-safe)", "NaN", "Corr_of_a_constant_column_is_null_and_other_groups_keep_their_value", "corr_nan_to_null")] },
        F("regr_sxx", FunctionKind.Aggregate, 2, 2, Double) with { LoweringOnly = true },
        F("regr_syy", FunctionKind.Aggregate, 2, 2, Double) with { LoweringOnly = true },
        // scalar
        F("coalesce", Scalar, 1, null, Widest), F("greatest", Scalar, 1, null, Widest), F("least", Scalar, 1, null, Widest),
        F("abs", Scalar, 1, 1, SameAsFirst), F("sqrt", Scalar, 1, 1, Double), F("exp", Scalar, 1, 1, Double), F("power", Scalar, 2, 2, Double),
        F("round", Scalar, 2, 2, SameAsFirst) with { Parity = [new("Round(x, s)", "HALF_UP (ties away from zero) on the decimal value of the double's shortest text: round(0.285, 2) = 0.29, round(-0.285, 2) = -0.29, round(125.0, -1) = 130; integers keep their type", "round(0.285, 2) = 0.28 (the binary value)", "Round_is_half_up_on_the_shortest_decimal_text", "spark_builtins")] },
        F("floor", Scalar, 1, 1, Long) with { Parity = [new("Floor(x), Ceil(x)", "bigint", "double for doubles", "Floor_and_ceil_are_bigint", "floor_ceil_bigint")] },
        F("ceil", Scalar, 1, 1, Long),
        F("ln", Scalar, 1, 1, Double) with { Parity = [new("Log(x)", "NULL for x ≤ 0", "error", "Log_is_guarded_to_null_for_non_positive_values", "ln_non_positive")] },
        F("upper", Scalar, 1, 1, Str), F("lower", Scalar, 1, 1, Str), F("trim", Scalar, 1, 1, Str), F("length", Scalar, 1, 1, Int),
        F("concat", Scalar, 0, null, Str),
        F("substring", Scalar, 3, 3, Str) with { Parity = [new("Substring(s, pos, len)", "1-based; pos 0 means 1; a negative pos counts from the end, the part before the string cut off; len < 1 gives ''", "substring('hello', 0, 2) = 'h'", "Substring_follows_sparks_position_rules", "spark_builtins")] },
        F("nullif", Scalar, 2, 2, SameAsFirst) with { LoweringOnly = true },
        F("isnan", Scalar, 1, 1, Bool), F("nanvl", Scalar, 2, 2, Widest),
        F("startswith", Scalar, 2, 2, Bool), F("contains", Scalar, 2, 2, Bool),
        // window
        F("lag", FunctionKind.Window, 2, 3, SameAsFirst), F("lead", FunctionKind.Window, 2, 3, SameAsFirst),
        F("row_number", FunctionKind.Window, 0, 0, Int), F("rank", FunctionKind.Window, 0, 0, Int), F("dense_rank", FunctionKind.Window, 0, 0, Int),
        // dates
        F("year", Scalar, 1, 1, Int), F("month", Scalar, 1, 1, Int), F("dayofmonth", Scalar, 1, 1, Int),
        F("date_add", Scalar, 2, 2, Date), F("datediff", Scalar, 2, 2, Int),
        F("to_date", Scalar, 1, 2, Date) with { Parity =
        [
            new("ToDate(s)", "a cast: '2020' → 2020-01-01, '2020-3' → 2020-03-01, '2020-03-05T10:00' → 2020-03-05", "TRY_CAST('2020' AS DATE) = NULL", "To_date_without_a_pattern_reads_what_sparks_cast_reads", "spark_builtins"),
            new("ToDate(s, fmt), ToTimestamp(s, fmt)", "try_to_timestamp: NULL on bad input (time parser policy CORRECTED)", "strptime throws", "Dates_parse_with_spark_patterns_and_bad_input_is_null", "to_date_pattern"),
        ] },
        F("to_timestamp", Scalar, 2, 2, TimestampType.Instance),
    ];

    private static readonly FrozenDictionary<string, FunctionInfo> ByName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The entry for a plan function name, or null.</summary>
    public static FunctionInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>True when plans may call <paramref name="name"/> (every engine supports every catalogue function).</summary>
    public static bool Contains(string name) => ByName.ContainsKey(name);

    /// <summary>Every name, for engines' coverage tests.</summary>
    public static IEnumerable<string> Names => All.Select(f => f.Name);

    /// <summary>A call checked against the catalogue: the API wrappers build every <see cref="FunctionCall"/> through here.</summary>
    /// <exception cref="ArgumentException">The name is not in the catalogue, or the number of arguments does not fit it.</exception>
    public static FunctionCall Call(string name, params Expr[] args) => Build(name, args, distinct: false);

    /// <summary>An aggregate over distinct values (<c>count(DISTINCT x)</c>), checked as <see cref="Call"/> is.</summary>
    public static FunctionCall CallDistinct(string name, params Expr[] args) => Build(name, args, distinct: true);

    private static FunctionCall Build(string name, Expr[] args, bool distinct)
    {
        var info = Find(name) ?? throw new ArgumentException($"Function '{name}' is not in the function catalogue.", nameof(name));
        var list = args.ToImmutableArray();
        if (!info.AcceptsArity(list.Length))
            throw new ArgumentException(
                $"Function '{name}' takes {(info.MaxArgs == info.MinArgs ? info.MinArgs.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{info.MinArgs} to {info.MaxArgs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any number of"}")} argument(s), got {list.Length}.",
                nameof(args));
        return new FunctionCall(name, list, distinct);
    }
}
