using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using CovidSpark.Spark.Errors;
using S = CovidSpark.Spark.Sql.Types;
using ArrowSchema = Apache.Arrow.Schema;

namespace CovidSpark.Spark.Connect.Results;

/// <summary>
/// Decodes the Arrow IPC streams of <c>ArrowBatch</c> responses into rows, normalising values exactly as the
/// DuckDB engine does: int for 8/16/32-bit integers, long for 64-bit and unsigned 32/64-bit, double for
/// float/double/decimal, <see cref="DateOnly"/> for dates, <see cref="DateTime"/> (UTC wall clock, kind
/// unspecified) for timestamps, string, bool; NULL stays null.
/// </summary>
internal sealed class ArrowResultReader
{
    private readonly List<object?[]> _rows = [];

    public S.StructType? Schema { get; private set; }

    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Reads every record batch of one IPC stream.</summary>
    public void Add(ReadOnlyMemory<byte> ipcStream)
    {
        using var reader = new ArrowStreamReader(ipcStream);
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                Schema ??= SchemaOf(batch.Schema);
                if (batch.ColumnCount != Schema.Fields.Length)
                    throw new AnalysisException($"Spark sent a batch of {batch.ColumnCount} columns for a result of {Schema.Fields.Length}.");
                for (var r = 0; r < batch.Length; r++)
                {
                    var row = new object?[batch.ColumnCount];
                    for (var c = 0; c < row.Length; c++) row[c] = Value(batch.Column(c), r, Schema.Fields[c]);
                    _rows.Add(row);
                }
            }
        }
        Schema ??= reader.Schema is { } s ? SchemaOf(s) : null;
    }

    public static S.StructType SchemaOf(ArrowSchema schema) =>
        ResultSchema.Dedupe(schema.FieldsList.Select(f => new S.StructField(f.Name, TypeOf(f.DataType), f.IsNullable)));

    private static S.DataType TypeOf(IArrowType t) => t.TypeId switch
    {
        ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 => S.IntegerType.Instance,
        ArrowTypeId.Int64 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 => S.LongType.Instance,
        ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double or ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 => S.DoubleType.Instance,
        ArrowTypeId.Boolean => S.BooleanType.Instance,
        ArrowTypeId.Date32 or ArrowTypeId.Date64 => S.DateType.Instance,
        ArrowTypeId.Timestamp => S.TimestampType.Instance,
        _ => S.StringType.Instance,
    };

    private static object? Value(IArrowArray array, int index, S.StructField field)
    {
        if (array.IsNull(index)) return null;
        return array switch
        {
            Int8Array a => (int)a.GetValue(index)!.Value,
            Int16Array a => (int)a.GetValue(index)!.Value,
            Int32Array a when field.DataType is S.LongType => (long)a.GetValue(index)!.Value,
            Int32Array a => a.GetValue(index)!.Value,
            UInt8Array a => (int)a.GetValue(index)!.Value,
            UInt16Array a => (int)a.GetValue(index)!.Value,
            Int64Array a => a.GetValue(index)!.Value,
            UInt32Array a => (long)a.GetValue(index)!.Value,
            UInt64Array a => (long)a.GetValue(index)!.Value,
            FloatArray a => (double)a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            Decimal128Array a => double.Parse(a.GetString(index)!, CultureInfo.InvariantCulture),
            Decimal256Array a => double.Parse(a.GetString(index)!, CultureInfo.InvariantCulture),
            BooleanArray a => a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            Date32Array a => a.GetDateOnly(index)!.Value,
            Date64Array a => a.GetDateOnly(index)!.Value,
            TimestampArray a => DateTime.SpecifyKind(a.GetTimestamp(index)!.Value.UtcDateTime, DateTimeKind.Unspecified),
            BinaryArray a => a.GetBytes(index).ToArray(),
            _ => throw new OperationNotSupportedException(Compiler.ProtoTypes.EngineName,
                $"result column '{field.Name}' of Arrow type {array.Data.DataType.Name}", "Cast it to a string or number in the query"),
        };
    }
}
