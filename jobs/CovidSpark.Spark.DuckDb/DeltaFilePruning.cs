using System.Globalization;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// Delta's partition pruning on the embedded engine: a filter on partition columns directly over a Delta read decides,
/// from each file's <c>partitionValues</c> in the log, which files can hold matching rows — the others are left out of
/// the read, so a day's run over a year-long table opens one day's files. The filter itself still runs on the rows,
/// so pruning only ever leaves out files that cannot match; anything it does not understand keeps the file.
/// </summary>
internal static class DeltaFilePruning
{
    /// <summary>
    /// For every Delta read of the plan: the filter conditions over it (one per node that reads it), or null when some
    /// node reads it unfiltered (then every file is needed).
    /// </summary>
    public static Dictionary<ReadFiles, List<Expr>?> Conditions(Relation plan)
    {
        var result = new Dictionary<ReadFiles, List<Expr>?>();
        var seen = new HashSet<Relation>(ReferenceEqualityComparer.Instance);
        void Visit(Relation node, Relation? parent)
        {
            if (node is ReadFiles { Format: FileFormat.Delta } read)
            {
                var condition = parent is Filter f ? f.Condition : null;
                if (!result.TryGetValue(read, out var list)) result[read] = condition is null ? null : [condition];
                else if (condition is null) result[read] = null;
                else list?.Add(condition);
            }
            if (!seen.Add(node)) return;
            foreach (var child in node.Children) Visit(child, node);
        }
        Visit(plan, null);
        return result;
    }

    /// <summary>
    /// Whether a file with these partition values may hold rows for which <paramref name="condition"/> is true.
    /// <paramref name="partitionTypes"/> maps each partition column (any case) to its Delta type name.
    /// </summary>
    public static bool MayMatch(Expr condition, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> partitionTypes) =>
        Evaluate(condition, values, partitionTypes) ?? true;

    /// <summary>True/false when the condition is decided by the partition values alone; null when it is not.</summary>
    private static bool? Evaluate(Expr e, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> types)
    {
        switch (e)
        {
            case FunctionCall { Name: "and", Args: [var a, var b] }:
                var l = Evaluate(a, values, types);
                var r = Evaluate(b, values, types);
                return l == false || r == false ? false : l == true && r == true ? true : null;
            case FunctionCall { Name: "or", Args: [var a, var b] }:
                var lo = Evaluate(a, values, types);
                var ro = Evaluate(b, values, types);
                return lo == true || ro == true ? true : lo == false && ro == false ? false : null;
            case FunctionCall { Name: "in", Args: [ColumnRef c, .. var list] } when list.All(x => x is Literal):
                if (Partition(c, values, types) is not var (value, type)) return null;
                if (value is null) return false;
                var any = false;
                foreach (var x in list)
                {
                    if (Compare(value, type, ((Literal)x).Value) is not { } cmp) return null;
                    any |= cmp == 0;
                }
                return any;
            case FunctionCall { Name: "==" or "<" or "<=" or ">" or ">=", Args: [var a, var b] } f:
                var (column, literal, name) = (a, b) switch
                {
                    (ColumnRef c, Literal lit) => (c, lit, f.Name),
                    (Literal lit, ColumnRef c) => (c, lit, Flip(f.Name)),
                    _ => (null, null, f.Name),
                };
                if (column is null || Partition(column, values, types) is not var (v, t)) return null;
                if (v is null || literal!.Value is null) return false;
                // strings: equality only (DuckDB orders VARCHAR by UTF-8 bytes, not as .NET orders strings)
                if (t == "string" && name != "==") return null;
                if (Compare(v, t, literal.Value) is not { } order) return null;
                return name switch { "==" => order == 0, "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
            default:
                return null;
        }
    }

    private static string Flip(string op) => op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };

    /// <summary>The file's value and type of a partition column, or null when the column is not a partition column.</summary>
    private static (string? Value, string Type)? Partition(ColumnRef c, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> types)
    {
        foreach (var (name, type) in types)
            if (name.Equals(c.Name, StringComparison.OrdinalIgnoreCase))
                return values.TryGetValue(name, out var v) ? (v, type) : null;
        return null;
    }

    /// <summary>The order of a partition value against a literal, when both are of a type compared exactly here.</summary>
    private static int? Compare(string value, string type, object? literal) => (type, literal) switch
    {
        ("date", DateOnly d) when IsoDate.TryParse(value, out var pv) => pv.CompareTo(d),
        ("date", string s) when IsoDate.TryParse(s, out var d) && IsoDate.TryParse(value, out var pv) => pv.CompareTo(d),
        ("string", string s) => string.CompareOrdinal(value, s) switch { < 0 => -1, 0 => 0, _ => 1 },
        ("long" or "integer" or "short" or "byte", int or long or short or byte) when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) =>
            n.CompareTo(Convert.ToInt64(literal, CultureInfo.InvariantCulture)),
        _ => null,
    };
}
