using System.Numerics;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.DuckDb;

/// <summary>Maps DuckDB result types and values to the library's normalised types.</summary>
internal static class DuckDbTypes
{
    public static DataType FromDuckDb(string typeName)
    {
        var t = typeName.ToUpperInvariant();
        if (t.StartsWith("DECIMAL", StringComparison.Ordinal)) return DoubleType.Instance;
        return t switch
        {
            "VARCHAR" or "TEXT" or "STRING" or "UUID" => StringType.Instance,
            // SQL spellings come from DESCRIBE; DuckDB.NET's reader reports its enum names (UnsignedInteger, TimestampTz, ...).
            "INTEGER" or "INT" or "SMALLINT" or "TINYINT" or "USMALLINT" or "UTINYINT" or "UNSIGNEDSMALLINT" or "UNSIGNEDTINYINT" => IntegerType.Instance,
            "BIGINT" or "HUGEINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "UNSIGNEDINTEGER" or "UNSIGNEDBIGINT" or "UNSIGNEDHUGEINT" => LongType.Instance,
            "DOUBLE" or "FLOAT" or "REAL" => DoubleType.Instance,
            "BOOLEAN" => BooleanType.Instance,
            "DATE" => DateType.Instance,
            "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ" or "TIMESTAMP_NS" or "TIMESTAMPNS" or "TIMESTAMP_MS" or "TIMESTAMPMS"
                or "TIMESTAMP_S" or "TIMESTAMPS" => TimestampType.Instance,
            _ => StringType.Instance,
        };
    }

    public static object? Normalise(object? value, DataType type) => value switch
    {
        null or DBNull => null,
        _ when type is DateType => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => DateOnly.Parse(value.ToString()!, System.Globalization.CultureInfo.InvariantCulture),
        },
        _ when type is TimestampType => value switch
        {
            DateTime dt => dt,
            DateTimeOffset dto => dto.UtcDateTime,
            _ => value,
        },
        BigInteger b => (long)b,
        UInt128 u => (long)u,
        decimal m => (double)m,
        float f => (double)f,
        short s => (int)s,
        byte b => (int)b,
        sbyte b => (int)b,
        ushort u => (int)u,
        uint u => (long)u,
        ulong u => (long)u,
        _ when type is LongType && value is int i => (long)i,
        _ => value,
    };
}
