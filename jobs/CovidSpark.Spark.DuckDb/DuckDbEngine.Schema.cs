using CovidSpark.Delta;
using CovidSpark.Delta.Log;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.DuckDb;

public sealed partial class DuckDbEngine
{
    private Dictionary<ReadFiles, IReadOnlyList<(string Name, string Type)>> _deltaColumns = [];

    /// <summary>
    /// The columns of a resolved Delta read, from the table's schema in its log (the order and types its SQL selects), so
    /// compiling never describes a Delta table; null when a column's type has no DuckDB twin here (then DuckDB describes it).
    /// </summary>
    internal IReadOnlyList<(string Name, string Type)>? DeltaColumnsOf(ReadFiles read) => _deltaColumns.GetValueOrDefault(read);

    private void RememberDeltaColumns(ReadFiles read, Snapshot snapshot)
    {
        var columns = DeltaSchema.Parse(snapshot.Metadata.SchemaString)
            .Select(f => (f.Name, Type: DuckDbDeltaTypes.ToDuckDb(f.Type) is { } t ? DescribedAs(t) : null)).ToList();
        if (columns.All(c => c.Type is not null)) _deltaColumns[read] = [.. columns.Select(c => (c.Name, c.Type!))];
    }

    /// <summary>DuckDB's DESCRIBE spelling of a type name used in a cast.</summary>
    private static string DescribedAs(string duckType) => duckType == "TIMESTAMPTZ" ? "TIMESTAMP WITH TIME ZONE" : duckType;
}
