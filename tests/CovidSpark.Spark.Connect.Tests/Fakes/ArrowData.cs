using Apache.Arrow;
using Apache.Arrow.Ipc;
using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Proto;
using Google.Protobuf;
using S = CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>Builds the Arrow IPC payloads a Spark server would send.</summary>
internal static class ArrowData
{
    public static byte[] Ipc(RecordBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        return stream.ToArray();
    }

    public static ExecutePlanResponse Response(RecordBatch batch) => new()
    {
        ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = batch.Length, Data = ByteString.CopyFrom(Ipc(batch)) },
    };

    /// <summary>A batch of rows in our types (Spark's Arrow types for string, int, bigint, double, boolean, date, timestamp).</summary>
    public static ExecutePlanResponse Rows(string ddl, params object?[][] rows) =>
        Response(LocalRelationEncoder.ToRecordBatch(S.StructType.FromDdl(ddl), rows));

    public static ExecutePlanResponse EmptyBatchResponse() => Rows("ok boolean");
}
