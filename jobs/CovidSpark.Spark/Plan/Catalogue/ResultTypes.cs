using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Plan.Catalogue;

/// <summary>The result type rules of the catalogue, after Spark's type coercion for the types the library has.</summary>
public static class ResultTypes
{
    /// <summary>Always <paramref name="type"/>.</summary>
    public static ResultTypeRule Fixed(DataType type) => new(type.SimpleString, _ => type);

    /// <summary>The type of the first argument (<c>abs</c>, <c>max</c>, <c>lag</c>, <c>round</c>).</summary>
    public static readonly ResultTypeRule SameAsFirst = new("type of the first argument", args => args.Count > 0 ? args[0] : null);

    /// <summary>The widest of the arguments' types (<c>+</c>, <c>coalesce</c>, <c>greatest</c>): int &lt; bigint &lt; double; a NULL literal takes the other side's type.</summary>
    public static readonly ResultTypeRule Widest = new("widest argument type", args => Widen(args));

    /// <summary>Spark's <c>sum</c>: bigint for integers, double for doubles.</summary>
    public static readonly ResultTypeRule Sum = new("bigint for integers, double for doubles",
        args => args.Count > 0 && args[0] is IntegerType or LongType ? LongType.Instance : args.Count > 0 ? args[0] : null);

    /// <summary>The widest of <paramref name="types"/> (null entries skipped); null when none is known or they do not widen to one type.</summary>
    public static DataType? Widen(IEnumerable<DataType?> types)
    {
        DataType? result = null;
        foreach (var t in types)
        {
            if (t is null) continue;
            if (result is null || result == t) { result = t; continue; }
            if (Rank(result) is { } a && Rank(t) is { } b) { result = a >= b ? result : t; continue; }
            return null;
        }
        return result;
    }

    private static int? Rank(DataType t) => t switch
    {
        IntegerType => 1,
        LongType => 2,
        DoubleType => 3,
        _ => null,
    };
}
