using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql.Types;
using Proto = CovidSpark.Spark.Connect.Proto;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>Our types and constants as Spark Connect <c>DataType</c>s and <c>Literal</c>s, and back.</summary>
internal static class ProtoTypes
{
    public const string EngineName = "spark";

    public static Proto.DataType ToProto(DataType t) => t switch
    {
        StringType => new() { String = new() },
        IntegerType => new() { Integer = new() },
        LongType => new() { Long = new() },
        DoubleType => new() { Double = new() },
        BooleanType => new() { Boolean = new() },
        DateType => new() { Date = new() },
        TimestampType => new() { Timestamp = new() },
        _ => throw new OperationNotSupportedException(EngineName, $"type {t.SimpleString}"),
    };

    /// <summary>
    /// Spark's types folded onto ours the way the DuckDB engine folds DuckDB's: small integers → int,
    /// float and decimal → double, char/varchar → string, timestamp_ntz → timestamp; anything else → string.
    /// </summary>
    public static DataType FromProto(Proto.DataType t) => t.KindCase switch
    {
        Proto.DataType.KindOneofCase.Byte or Proto.DataType.KindOneofCase.Short or Proto.DataType.KindOneofCase.Integer => IntegerType.Instance,
        Proto.DataType.KindOneofCase.Long => LongType.Instance,
        Proto.DataType.KindOneofCase.Float or Proto.DataType.KindOneofCase.Double or Proto.DataType.KindOneofCase.Decimal => DoubleType.Instance,
        Proto.DataType.KindOneofCase.Boolean => BooleanType.Instance,
        Proto.DataType.KindOneofCase.Date => DateType.Instance,
        Proto.DataType.KindOneofCase.Timestamp or Proto.DataType.KindOneofCase.TimestampNtz => TimestampType.Instance,
        _ => StringType.Instance,
    };

    /// <summary>
    /// The schema as Spark DDL for <c>Read.DataSource.schema</c> and <c>LocalRelation.schema</c>, with names that are not
    /// plain identifiers in backticks (<c>`Province/State` string</c>).
    /// </summary>
    public static string Ddl(StructType schema) =>
        string.Join(", ", schema.Fields.Select(f => $"{SparkConnectCompiler.QuoteIdentifier(f.Name)} {f.DataType.SimpleString}"));

    /// <summary>A result schema from AnalyzePlan's struct type.</summary>
    public static StructType StructFromProto(Proto.DataType t)
    {
        if (t.KindCase != Proto.DataType.KindOneofCase.Struct)
            throw new AnalysisException($"Spark returned a schema of kind {t.KindCase}; a query result schema is a struct.");
        return Results.ResultSchema.Dedupe(t.Struct.Fields.Select(f => new StructField(f.Name, FromProto(f.DataType), f.Nullable)));
    }

    public static Proto.Expression.Types.Literal Literal(object? value, DataType? type) => value switch
    {
        null => new() { Null = type is null ? new Proto.DataType { Null = new() } : ToProto(type) },
        string s => new() { String = s },
        bool b => new() { Boolean = b },
        int i => new() { Integer = i },
        long l => new() { Long = l },
        double d => new() { Double = d },
        float f => new() { Double = f },
        DateOnly d => new() { Date = d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber },
        DateTime d => new() { Timestamp = (DateTime.SpecifyKind(d, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10 },
        _ => throw new OperationNotSupportedException(EngineName, $"literal of type {value.GetType().Name}"),
    };
}
