using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Connect.Results;

/// <summary>Result column naming shared with the DuckDB engine.</summary>
internal static class ResultSchema
{
    /// <summary>Joins may return one name twice (Spark allows it); results keep the first and suffix the rest (<c>x</c>, <c>x_1</c>).</summary>
    public static StructType Dedupe(IEnumerable<StructField> fields)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<StructField>();
        foreach (var f in fields)
        {
            var name = f.Name;
            for (var n = 1; !seen.Add(name); n++) name = $"{f.Name}_{n}";
            list.Add(f with { Name = name });
        }
        return new StructType(list);
    }
}
