using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Spark.DuckDb;

/// <summary>The tables that translate Spark names to DuckDB SQL: operators, 1:1 function renames, types, quoting.</summary>
internal static class DuckDbDialect
{
    public const string EngineName = "duckdb";

    /// <summary>
    /// Spark binary operators → DuckDB infix operators (<c>Plan.Lowering</c> guards <c>%</c>'s divisor and turns <c>/</c> into
    /// <c>try_divide</c>, so neither reaches DuckDB bare).
    /// </summary>
    public static readonly FrozenDictionary<string, string> BinaryInfix = new Dictionary<string, string>
    {
        ["=="] = "=", ["!="] = "<>", ["<"] = "<", ["<="] = "<=", [">"] = ">", [">="] = ">=",
        ["+"] = "+", ["-"] = "-", ["*"] = "*", ["/"] = "/", ["%"] = "%", ["and"] = "AND", ["or"] = "OR",
        ["<=>"] = "IS NOT DISTINCT FROM",
    }.ToFrozenDictionary();

    /// <summary>Spark functions whose DuckDB twin has the same arguments (name may differ).</summary>
    public static readonly FrozenDictionary<string, string> SimpleFunctions = new Dictionary<string, string>
    {
        ["sum"] = "sum", ["avg"] = "avg", ["count"] = "count", ["max"] = "max", ["min"] = "min",
        ["stddev_samp"] = "stddev_samp", ["stddev_pop"] = "stddev_pop", ["var_samp"] = "var_samp",
        ["corr"] = "corr", ["regr_sxx"] = "regr_sxx", ["regr_syy"] = "regr_syy", // corr guarded by Plan.Lowering
        // floor and ceil are cast to bigint by Plan.Lowering
        ["first"] = "first", ["coalesce"] = "coalesce", ["greatest"] = "greatest", ["least"] = "least",
        ["abs"] = "abs", ["floor"] = "floor", ["ceil"] = "ceil", ["exp"] = "exp", ["power"] = "pow", ["round"] = "round", // round: see DuckDbFunctions.Round for doubles
        ["upper"] = "upper", ["lower"] = "lower", ["trim"] = "trim", ["length"] = "length",
        ["substring"] = "substring", ["lag"] = "lag", ["lead"] = "lead", ["row_number"] = "row_number",
        ["rank"] = "rank", ["dense_rank"] = "dense_rank", ["year"] = "year", ["month"] = "month", ["dayofmonth"] = "day",
        ["startswith"] = "starts_with", ["contains"] = "contains",
    }.ToFrozenDictionary();

    public static string TypeName(DataType t) => t switch
    {
        StringType => "VARCHAR",
        IntegerType => "INTEGER",
        LongType => "BIGINT",
        DoubleType => "DOUBLE",
        BooleanType => "BOOLEAN",
        DateType => "DATE",
        TimestampType => "TIMESTAMP",
        _ => throw new Errors.OperationNotSupportedException(EngineName, $"type {t.SimpleString}"),
    };

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>
    /// The names DuckDB gives columns that repeat a name (ignoring case) in a query over them: the first keeps it, each later one
    /// gets the first free <c>name_1</c>, <c>name_2</c>, ... in column order. Results show a join's repeated names the same way.
    /// </summary>
    public static IEnumerable<string> UniqueNames(IEnumerable<string> names)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var unique = name;
            for (var n = 1; !used.Add(unique); n++) unique = $"{name}_{n.ToString(CultureInfo.InvariantCulture)}";
            yield return unique;
        }
    }

    public static string QuoteString(string s) => "'" + s.Replace("'", "''") + "'";

    public static string Literal(object? value, DataType? type) => value switch
    {
        null => type is null ? "NULL" : $"CAST(NULL AS {TypeName(type)})",
        string s => QuoteString(s),
        bool b => b ? "TRUE" : "FALSE",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => $"CAST({l.ToString(CultureInfo.InvariantCulture)} AS BIGINT)",
        double d when double.IsNaN(d) => "CAST('NaN' AS DOUBLE)",
        double d when double.IsPositiveInfinity(d) => "CAST('Infinity' AS DOUBLE)",
        double d when double.IsNegativeInfinity(d) => "CAST('-Infinity' AS DOUBLE)",
        double d => $"CAST({d.ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE)",
        float f => $"CAST({((double)f).ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE)",
        DateOnly d => $"DATE '{IsoDate.Format(d)}'",
        DateTime d => $"TIMESTAMP '{d.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}'",
        _ => throw new Errors.OperationNotSupportedException(EngineName, $"literal of type {value.GetType().Name}"),
    };

    /// <summary>
    /// Converts a Spark datetime pattern (<c>yyyy-MM-dd HH:mm:ss</c>, <c>M/d/yy H:mm</c>) to a DuckDB strptime format.
    /// DuckDB's <c>%m</c>/<c>%d</c>/<c>%H</c> accept one or two digits, like Spark's <c>M</c>/<c>d</c>/<c>H</c> when parsing.
    /// </summary>
    public static string StrptimeFormat(string sparkPattern)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < sparkPattern.Length)
        {
            var c = sparkPattern[i];
            if (c == '\'')
            {
                // Quoted text is literal ('T' in yyyy-MM-dd'T'HH:mm:ss); '' is a single quote.
                var close = sparkPattern.IndexOf('\'', i + 1);
                if (close < 0)
                    throw new Errors.OperationNotSupportedException(EngineName, $"unterminated quote in datetime pattern '{sparkPattern}'");
                sb.Append(close == i + 1 ? "'" : sparkPattern[(i + 1)..close].Replace("%", "%%"));
                i = close + 1;
                continue;
            }
            var run = 1;
            while (i + run < sparkPattern.Length && sparkPattern[i + run] == c) run++;
            sb.Append((c, run) switch
            {
                ('y', 4) => "%Y",
                ('y', 2) => "%y",
                ('M', 1 or 2) => "%m",
                ('d', 1 or 2) => "%d",
                ('H', 1 or 2) => "%H",
                ('m', 1 or 2) => "%M",
                ('s', 1 or 2) => "%S",
                ('S', _) => "%f",
                _ when char.IsLetter(c) => throw new Errors.OperationNotSupportedException(EngineName, $"datetime pattern letter '{new string(c, run)}' in '{sparkPattern}'"),
                _ => new string(c, run).Replace("%", "%%"),
            });
            i += run;
        }
        return sb.ToString();
    }
}
