// A separate process that commits to a Delta table, for the concurrency tests: it reads the table, stages a
// replacement of one report_date partition, signals "ready" and commits once the "go" file appears, so two such
// processes really race for the same commit file.
// Usage: TestWriter TABLE DATE RUN_ID READY_FILE GO_FILE   → exit 0 committed (prints the version), 3 conflict.
using CovidSpark.Delta;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Transactions;

var (table, date, runId, ready, go) = (args[0], args[1], args[2], args[3], args[4]);
var log = DeltaLog.ForPath(table);
var snapshot = await log.TryGetSnapshotAsync();
var txn = log.StartTransaction(snapshot);
if (snapshot is null)
{
    txn.SetProtocol(ProtocolAction.Default);
    txn.SetMetadata(new MetadataAction(Guid.NewGuid().ToString(),
        DeltaSchema.ToJson([new DeltaField("value", "string"), new DeltaField("report_date", "date")]), ["report_date"],
        new Dictionary<string, string>(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
var partition = new Dictionary<string, string?> { ["report_date"] = date };
var relative = $"report_date={date}/part-{runId}.parquet";
Directory.CreateDirectory(Path.Combine(table, $"report_date={date}"));
await File.WriteAllTextAsync(Path.Combine(table, relative), runId);
txn.ReplacePartitions([partition]);
txn.Add(new AddFile(DeltaPaths.Encode(relative), partition, runId.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), true));
await File.WriteAllTextAsync(ready, "ready");
while (!File.Exists(go)) await Task.Delay(5);
try
{
    var result = await txn.CommitAsync(new CommitOptions("WRITE") { Tags = new Dictionary<string, string> { ["runId"] = runId, ["job"] = "etl" } });
    Console.WriteLine(result.Version);
    return 0;
}
catch (DeltaConcurrentModificationException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}
