using CovidSpark.Spark.Errors;

namespace CovidSpark.Spark.DuckDb;

/// <summary>Between DuckDB column types and the Spark type names of a Delta schema string.</summary>
internal static class DuckDbDeltaTypes
{
    /// <summary>The Spark/Delta type name of a DuckDB column type (as duckdb_columns() spells it).</summary>
    public static string ToDelta(string column, string duckDbType)
    {
        var t = duckDbType.ToUpperInvariant();
        if (t.StartsWith("DECIMAL", StringComparison.Ordinal)) return t.Replace("DECIMAL", "decimal", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return t switch
        {
            "VARCHAR" => "string",
            "BIGINT" => "long",
            "INTEGER" => "integer",
            "SMALLINT" => "short",
            "TINYINT" => "byte",
            "DOUBLE" => "double",
            "FLOAT" => "float",
            "BOOLEAN" => "boolean",
            "DATE" => "date",
            "TIMESTAMP WITH TIME ZONE" => "timestamp",
            "TIMESTAMP" => "timestamp_ntz",
            "BLOB" => "binary",
            _ => throw new OperationNotSupportedException(DuckDbDialect.EngineName, $"Delta column {column} of type {duckDbType}",
                "cast it to a Spark type (string, bigint, int, double, boolean, date, timestamp, decimal) before writing"),
        };
    }

    /// <summary>The DuckDB type of a Delta schema type name (primitive types; nested types are read as DuckDB infers them).</summary>
    public static string? ToDuckDb(string deltaType) => deltaType switch
    {
        "string" => "VARCHAR",
        "long" => "BIGINT",
        "integer" => "INTEGER",
        "short" => "SMALLINT",
        "byte" => "TINYINT",
        "double" => "DOUBLE",
        "float" => "FLOAT",
        "boolean" => "BOOLEAN",
        "date" => "DATE",
        "timestamp" => "TIMESTAMPTZ",
        "timestamp_ntz" => "TIMESTAMP",
        "binary" => "BLOB",
        _ when deltaType.StartsWith("decimal", StringComparison.Ordinal) => deltaType.ToUpperInvariant(),
        _ => null,
    };
}
