using System.Text.RegularExpressions;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// The <see cref="DeltaWriterOptions.ReplaceWhere"/> predicate both engines understand: one partition column and the
/// values of the partitions to replace, as Spark SQL text <c>report_date IN ('2020-11-01', '2020-11-02')</c>. Spark's
/// Delta evaluates the text itself; the embedded engine reads it back with <see cref="TryParse"/> and replaces exactly
/// those partitions (values compare as the log writes partition values: dates <c>yyyy-MM-dd</c>).
/// </summary>
public sealed partial class ReplaceWherePredicate
{
    private ReplaceWherePredicate(string column, IReadOnlyList<string> values) => (Column, Values) = (column, values);

    /// <summary>The partition column.</summary>
    public string Column { get; }

    /// <summary>The partition values to replace, distinct, in the order given.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The partitions of <paramref name="column"/> with these values (at least one; no quote or backslash in a value).</summary>
    /// <exception cref="ArgumentException">No value, a column that is not a plain name, or a value with a quote or backslash.</exception>
    public static ReplaceWherePredicate In(string column, IEnumerable<string> values)
    {
        var list = values.Distinct(StringComparer.Ordinal).ToList();
        if (!Identifier().IsMatch(column)) throw new ArgumentException($"replaceWhere column '{column}' must be a plain column name", nameof(column));
        if (list.Count == 0) throw new ArgumentException("replaceWhere needs at least one partition value", nameof(values));
        if (list.FirstOrDefault(v => v.IndexOfAny(['\'', '\\']) >= 0) is { } bad)
            throw new ArgumentException($"replaceWhere value {bad} has a quote or backslash", nameof(values));
        return new ReplaceWherePredicate(column, list);
    }

    /// <summary>Reads the text of <see cref="ToString"/> back (also <c>col = 'v'</c> and a back-quoted column); null for any other predicate.</summary>
    public static ReplaceWherePredicate? TryParse(string text)
    {
        var m = Predicate().Match(text);
        if (!m.Success) return null;
        var values = m.Groups["value"].Captures.Select(c => c.Value).ToList();
        return new ReplaceWherePredicate(m.Groups["column"].Value, [.. values.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The predicate as Spark SQL: <c>column IN ('v1', 'v2')</c>.</summary>
    public override string ToString() => $"{Column} IN ({string.Join(", ", Values.Select(v => $"'{v}'"))})";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*`?(?<column>[A-Za-z_][A-Za-z0-9_]*)`?\s*(?:=\s*'(?<value>[^'\\]*)'|IN\s*\(\s*'(?<value>[^'\\]*)'(?:\s*,\s*'(?<value>[^'\\]*)')*\s*\))\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Predicate();
}
