using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// One result row. Values are normalised the same way on every engine: <c>null</c>, <see cref="string"/>,
/// <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="DateOnly"/>
/// or <see cref="DateTime"/> (UTC-less timestamp).
/// </summary>
public sealed class Row
{
    private readonly object?[] _values;
    private readonly Dictionary<string, int> _index;

    internal Row(StructType schema, object?[] values, Dictionary<string, int> index)
    {
        Schema = schema;
        _values = values;
        _index = index;
    }

    /// <summary>Builds the name → position index shared by every row of one result.</summary>
    internal static Dictionary<string, int> IndexOf(StructType schema)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < schema.Fields.Length; i++) index.TryAdd(schema.Fields[i].Name, i);
        return index;
    }

    /// <summary>
    /// Builds the rows of one result for an engine outside this assembly; the rows share one name index.
    /// Values must already be normalised (see the class remarks).
    /// </summary>
    public static IReadOnlyList<Row> CreateRows(StructType schema, IEnumerable<object?[]> values)
    {
        var index = IndexOf(schema);
        return values.Select(v => v.Length == schema.Fields.Length
            ? new Row(schema, v, index)
            : throw new ArgumentException($"A row has {v.Length} values but the schema has {schema.Fields.Length} columns.", nameof(values))).ToList();
    }

    public StructType Schema { get; }

    public int Size => _values.Length;

    public object? this[int index] => _values[index];

    public object? this[string name] => _values[Ordinal(name)];

    public object?[] Values => (object?[])_values.Clone();

    /// <summary>The value of a column, converted to <typeparamref name="T"/> (numeric widening is allowed).</summary>
    /// <exception cref="Errors.AnalysisException">No such column.</exception>
    public T? GetAs<T>(string name) => Convert<T>(_values[Ordinal(name)], name);

    public T? GetAs<T>(int index) => Convert<T>(_values[index], Schema.Fields[index].Name);

    private int Ordinal(string name) => _index.TryGetValue(name, out var i)
        ? i
        : throw new Errors.AnalysisException($"Row has no column '{name}'. Columns: {string.Join(", ", Schema.Names)}");

    private static T? Convert<T>(object? value, string column)
    {
        if (value is null) return default;
        if (value is T t) return t;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            return (T)System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new InvalidCastException($"Column '{column}' holds {value.GetType().Name} '{value}', which is not a {target.Name}.", e);
        }
    }

    public override string ToString() => "[" + string.Join(",", _values.Select(Format)) + "]";

    /// <summary>Formats a value the way <c>ShowAsync</c> prints it (invariant culture, ISO dates).</summary>
    public static string Format(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => IsoDate.Format(d),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
