using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using CovidSpark.Spark.Errors;
using S = CovidSpark.Spark.Sql.Types;
using PLocal = CovidSpark.Spark.Connect.Proto.LocalRelation;
using Plan = CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// Driver-side rows as a Spark Connect <c>LocalRelation</c>: one Arrow IPC stream (schema + one record batch)
/// plus the DDL schema. Timestamps are microseconds in UTC; dates are days since the epoch.
/// </summary>
internal static class LocalRelationEncoder
{
    public static PLocal Encode(Plan.LocalRelation local)
    {
        var batch = ToRecordBatch(local.Schema, local.Rows.Select(r => r.ToArray()).ToList());
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        return new PLocal { Data = Google.Protobuf.ByteString.CopyFrom(stream.ToArray()), Schema = ProtoTypes.Ddl(local.Schema) };
    }

    /// <summary>Rows as one Arrow record batch with the schema's column types.</summary>
    public static RecordBatch ToRecordBatch(S.StructType schema, IReadOnlyList<object?[]> rows)
    {
        var fields = schema.Fields.Select(f => new Field(f.Name, ArrowType(f.DataType), f.IsNullable)).ToList();
        var columns = schema.Fields.Select((f, i) => Column(f, rows.Select(r => r[i]))).ToList();
        return new RecordBatch(new Schema(fields, null), columns, rows.Count);
    }

    private static IArrowType ArrowType(S.DataType t) => t switch
    {
        S.StringType => StringType.Default,
        S.IntegerType => Int32Type.Default,
        S.LongType => Int64Type.Default,
        S.DoubleType => DoubleType.Default,
        S.BooleanType => BooleanType.Default,
        S.DateType => Date32Type.Default,
        S.TimestampType => new TimestampType(TimeUnit.Microsecond, "UTC"),
        _ => throw new OperationNotSupportedException(ProtoTypes.EngineName, $"local data of type {t.SimpleString}"),
    };

    private static IArrowArray Column(S.StructField field, IEnumerable<object?> values)
    {
        T Value<T>(object v) => v is T t ? t : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture)
            ?? throw new ArgumentException($"Column '{field.Name}' ({field.DataType.SimpleString}) cannot hold '{v}'.");
        switch (field.DataType)
        {
            case S.StringType:
                var s = new StringArray.Builder();
                foreach (var v in values) if (v is null) s.AppendNull(); else s.Append(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
                return s.Build();
            case S.IntegerType:
                var i = new Int32Array.Builder();
                foreach (var v in values) if (v is null) i.AppendNull(); else i.Append(Value<int>(v));
                return i.Build();
            case S.LongType:
                var l = new Int64Array.Builder();
                foreach (var v in values) if (v is null) l.AppendNull(); else l.Append(Value<long>(v));
                return l.Build();
            case S.DoubleType:
                var d = new DoubleArray.Builder();
                foreach (var v in values) if (v is null) d.AppendNull(); else d.Append(Value<double>(v));
                return d.Build();
            case S.BooleanType:
                var b = new BooleanArray.Builder();
                foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(Value<bool>(v));
                return b.Build();
            case S.DateType:
                var dt = new Date32Array.Builder();
                foreach (var v in values)
                    if (v is null) dt.AppendNull();
                    else dt.Append(v switch { DateOnly x => x, DateTime x => DateOnly.FromDateTime(x), _ => DateOnly.Parse(v.ToString()!, System.Globalization.CultureInfo.InvariantCulture) });
                return dt.Build();
            case S.TimestampType:
                var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
                foreach (var v in values)
                    if (v is null) ts.AppendNull();
                    else ts.Append(new DateTimeOffset(DateTime.SpecifyKind(Value<DateTime>(v), DateTimeKind.Utc)));
                return ts.Build();
            default:
                throw new OperationNotSupportedException(ProtoTypes.EngineName, $"local data of type {field.DataType.SimpleString}");
        }
    }
}
