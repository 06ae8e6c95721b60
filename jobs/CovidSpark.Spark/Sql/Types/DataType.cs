namespace CovidSpark.Spark.Sql.Types;

/// <summary>
/// A column type, named as in Spark SQL. Each engine maps it to its own type
/// (e.g. <see cref="LongType"/> is Spark <c>BIGINT</c> and DuckDB <c>BIGINT</c>).
/// </summary>
public abstract record DataType
{
    /// <summary>The Spark SQL DDL name, e.g. <c>bigint</c>, <c>double</c>, <c>date</c>.</summary>
    public abstract string SimpleString { get; }

    public sealed override string ToString() => SimpleString;

    /// <summary>Parses a Spark DDL type name (<c>string</c>, <c>int</c>, <c>bigint</c>, <c>double</c>, <c>boolean</c>, <c>date</c>, <c>timestamp</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a supported type.</exception>
    public static DataType Parse(string ddlName) => ddlName.Trim().ToLowerInvariant() switch
    {
        "string" => StringType.Instance,
        "int" or "integer" => IntegerType.Instance,
        "bigint" or "long" => LongType.Instance,
        "double" => DoubleType.Instance,
        "boolean" => BooleanType.Instance,
        "date" => DateType.Instance,
        "timestamp" => TimestampType.Instance,
        _ => throw new ArgumentException($"Unsupported data type '{ddlName}'. Supported: string, int, bigint, double, boolean, date, timestamp.", nameof(ddlName)),
    };
}

public sealed record StringType : DataType { public static readonly StringType Instance = new(); public override string SimpleString => "string"; }
public sealed record IntegerType : DataType { public static readonly IntegerType Instance = new(); public override string SimpleString => "int"; }
public sealed record LongType : DataType { public static readonly LongType Instance = new(); public override string SimpleString => "bigint"; }
public sealed record DoubleType : DataType { public static readonly DoubleType Instance = new(); public override string SimpleString => "double"; }
public sealed record BooleanType : DataType { public static readonly BooleanType Instance = new(); public override string SimpleString => "boolean"; }
public sealed record DateType : DataType { public static readonly DateType Instance = new(); public override string SimpleString => "date"; }
public sealed record TimestampType : DataType { public static readonly TimestampType Instance = new(); public override string SimpleString => "timestamp"; }
