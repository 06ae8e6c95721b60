using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CovidSpark.Delta;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Operations;
using CovidSpark.Jobs.Etl;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Cli;

/// <summary>
/// <c>lake</c>: look into and look after the lake's Delta tables — tables, history, show, query, vacuum, restore, check,
/// convert. Reads go through each table's log on the embedded engine.
/// </summary>
internal static class LakeCommand
{
    /// <summary>The command finished and found nothing wrong.</summary>
    public const int Ok = 0;
    /// <summary>A user error, or <c>check</c> found problems (listed).</summary>
    public const int Problems = 1;

    /// <summary>The folders whose subfolders are tables (quarantine/ also holds plain files: whole quarantined reports, the indicators' CSV).</summary>
    private static readonly string[] Layers = ["trusted", "refined", "quarantine"];

    public static Command Create(Func<ILoggerFactory> loggerFactory)
    {
        var lakeOption = new Option<string>("--lake", "-l") { Description = "The lake folder.", DefaultValueFactory = _ => "lake", Recursive = true };
        var cmd = new Command("lake", "The lake's Delta tables: list, history, read (also at an older version), SQL, vacuum, restore, check, convert.") { lakeOption };

        var document = new Option<bool>("--json") { Description = "Print one JSON document instead of the table or lines." };
        var tables = new Command("tables", "Each table: version, files, rows, report dates, size.") { document };
        tables.SetAction((p, ct) => Guarded(async () => await TablesAsync(p.GetValue(lakeOption)!, p.GetValue(document), ct)));

        var tableArg = new Argument<string>("table") { Description = $"A table: daily_country, refined/top_countries, {QuarantineTable.QueryName} (quarantine/daily_reports), {QuarantineTable.IndicatorsQueryName} (quarantine/indicators), …" };
        var limit = new Option<int?>("--limit") { Description = "At most this many rows / commits." };
        var history = new Command("history", "The table's commits, newest first: version, time, operation, run, rows.") { tableArg, limit, document };
        history.SetAction((p, ct) => Guarded(async () => await HistoryAsync(Table(p.GetValue(lakeOption)!, p.GetValue(tableArg)!), p.GetValue(limit), p.GetValue(document), ct)));

        var version = new Option<long?>("--version") { Description = "Read this version (time travel)." };
        var asOf = new Option<string?>("--as-of") { Description = "Read the version current at this time, e.g. \"2026-12-06 12:00:00\" (UTC)." };
        var where = new Option<string?>("--where") { Description = "A SQL condition on the rows, e.g. \"report_date = '2020-11-30'\"." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV." };
        var json = new Option<bool>("--json") { Description = "Print JSON lines." };
        var show = new Command("show", "Rows of a table.") { tableArg, version, asOf, where, limit, csv, json };
        show.SetAction((p, ct) => Guarded(async () =>
        {
            var lake = p.GetValue(lakeOption)!;
            await using var spark = Session(loggerFactory());
            var reader = spark.Read().Format("delta");
            if (p.GetValue(version) is { } v) reader = reader.Option("versionAsOf", v.ToString(CultureInfo.InvariantCulture));
            if (p.GetValue(asOf) is { } t) reader = reader.Option("timestampAsOf", t);
            reader.Load(Table(lake, p.GetValue(tableArg)!)).CreateOrReplaceTempView("t");
            var sql = "SELECT * FROM t" + (p.GetValue(where) is { } w ? $" WHERE {w}" : "");
            await PrintAsync(spark.Sql(sql), p.GetValue(limit) ?? 20, p.GetValue(csv), p.GetValue(json), ct);
        }));

        var sqlArg = new Argument<string>("sql") { Description = "Spark SQL over every table by its name, e.g. \"select * from top_countries where report_date = '2020-11-30'\"." };
        var query = new Command("query", "Runs SQL with every table of the lake available by name.") { sqlArg, limit, csv, json };
        query.SetAction((p, ct) => Guarded(async () =>
        {
            var lake = p.GetValue(lakeOption)!;
            await using var spark = Session(loggerFactory());
            foreach (var table in DeltaTables(lake)) spark.Read().Delta(table).CreateOrReplaceTempView(ViewName(lake, table));
            await PrintAsync(spark.Sql(p.GetValue(sqlArg)!), p.GetValue(limit) ?? 1000, p.GetValue(csv), p.GetValue(json), ct);
        }));

        var retain = new Option<double>("--retain") { Description = "Keep files removed less than this many hours ago (default 168 = 7 days).", DefaultValueFactory = _ => DeltaTable.DefaultRetentionHours };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted; delete nothing." };
        var force = new Option<bool>("--force") { Description = "Allow --retain below 168 hours (a run or reader of a recent version may still need those files)." };
        var vacuum = new Command("vacuum", "Deletes data files no current version uses (replaced, or left by killed runs) once older than --retain.") { retain, dryRun, force, document };
        vacuum.SetAction((p, ct) => Guarded(async () =>
        {
            var hours = p.GetValue(retain);
            if (DeltaTable.RetentionProblem(hours, retentionDurationCheckEnabled: !p.GetValue(force), "--retain", "--force") is { } problem)
                throw new ArgumentException(problem);
            var report = new JsonArray();
            foreach (var table in DeltaTables(p.GetValue(lakeOption)!))
            {
                var r = await DeltaMaintenance.VacuumAsync(DeltaLog.ForPath(table), TimeSpan.FromHours(hours), p.GetValue(dryRun), ct);
                report.Add(new JsonObject
                {
                    ["table"] = Name(p.GetValue(lakeOption)!, table), ["dry_run"] = r.DryRun, ["files"] = r.Files.Count, ["bytes"] = r.Bytes,
                    ["paths"] = new JsonArray([.. r.Files.Select(f => (JsonNode?)f)]),
                });
                if (p.GetValue(document)) continue;
                Console.WriteLine($"{Name(p.GetValue(lakeOption)!, table)}: {(r.DryRun ? "would delete" : "deleted")} {r.Files.Count} files, {r.Bytes:N0} bytes");
                if (r.DryRun) foreach (var f in r.Files) Console.WriteLine("  " + f);
            }
            if (p.GetValue(document)) Console.WriteLine(report.ToJsonString());
        }));

        var restoreVersion = new Option<long>("--version") { Description = "The version to restore.", Required = true };
        var restore = new Command("restore", "Makes an earlier version of a table current again (one new commit; history is kept).") { tableArg, restoreVersion, document };
        restore.SetAction((p, ct) => Guarded(async () =>
        {
            var r = await DeltaMaintenance.RestoreAsync(DeltaLog.ForPath(Table(p.GetValue(lakeOption)!, p.GetValue(tableArg)!)), p.GetValue(restoreVersion), ct: ct);
            if (p.GetValue(document))
                Console.WriteLine(new JsonObject { ["table"] = p.GetValue(tableArg), ["restored_version"] = p.GetValue(restoreVersion), ["new_version"] = r.Version }.ToJsonString());
            else
                Console.WriteLine($"{p.GetValue(tableArg)} restored to version {p.GetValue(restoreVersion)} as version {r.Version}");
        }));

        var check = new Command("check", "Verifies every table's log against its files (present, sizes, partition folders); exit 1 listing the problems.") { document };
        check.SetAction((p, ct) => Guarded(async () =>
        {
            var lake = p.GetValue(lakeOption)!;
            var problems = 0;
            var found = new JsonArray();
            foreach (var table in DeltaTables(lake))
                foreach (var problem in await DeltaMaintenance.CheckAsync(DeltaLog.ForPath(table), ct))
                {
                    problems++;
                    found.Add(new JsonObject { ["table"] = Name(lake, table), ["path"] = problem.Path, ["problem"] = problem.Problem });
                    if (!p.GetValue(document)) Console.WriteLine($"{Name(lake, table)}/{problem.Path}: {problem.Problem}");
                }
            if (p.GetValue(document)) Console.WriteLine(new JsonObject { ["tables"] = DeltaTables(lake).Count, ["problems"] = found }.ToJsonString());
            else Console.WriteLine(problems == 0 ? $"{DeltaTables(lake).Count} tables checked, no problems" : $"{problems} problem(s)");
            return problems == 0 ? Ok : Problems;
        }));

        var convert = new Command("convert", "Turns the plain-Parquet tables of a lake written by an earlier version into Delta tables in place (nothing is moved or rewritten), and its per-date quarantine CSV files into the quarantine table.") { document };
        convert.SetAction((p, ct) => Guarded(async () =>
        {
            var lake = p.GetValue(lakeOption)!;
            var converted = new JsonArray();
            foreach (var table in TableFolders(lake).Where(t => !Directory.Exists(Path.Combine(t, "_delta_log"))
                         && Directory.EnumerateFiles(t, "*.parquet", SearchOption.AllDirectories).Any()))
            {
                await DeltaMaintenance.ConvertAsync(DeltaLog.ForPath(table), ct: ct);
                var s = await DeltaLog.ForPath(table).GetSnapshotAsync(ct: ct);
                converted.Add(new JsonObject { ["table"] = Name(lake, table), ["files"] = s.Files.Count, ["rows"] = s.NumRecords });
                if (!p.GetValue(document)) Console.WriteLine($"{Name(lake, table)}: converted, {s.Files.Count} files, {s.NumRecords:N0} rows");
            }
            await using (var spark = Session(loggerFactory()))
            {
                if (await QuarantineTable.ConvertCsvFilesAsync(spark, lake, ct) is { } q)
                {
                    var name = Name(lake, new LakeLayout(lake).QuarantineReports);
                    converted.Add(new JsonObject { ["table"] = name, ["csv_files"] = q.Files, ["rows"] = q.Records });
                    if (!p.GetValue(document)) Console.WriteLine($"{name}: converted {q.Files} quarantine CSV files, {q.Records:N0} records");
                }
                if (await QuarantineTable.ConvertIndicatorsCsvAsync(spark, new LakeLayout(lake), ct) is { } records)
                {
                    var name = Name(lake, new LakeLayout(lake).QuarantineIndicators);
                    converted.Add(new JsonObject { ["table"] = name, ["csv_files"] = 1, ["rows"] = records });
                    if (!p.GetValue(document)) Console.WriteLine($"{name}: converted its quarantine CSV file, {records:N0} records");
                }
            }
            if (p.GetValue(document)) Console.WriteLine(converted.ToJsonString());
            else Console.WriteLine(converted.Count == 0 ? "nothing to convert: every table is a Delta table" : $"{converted.Count} table(s) converted");
        }));

        foreach (var sub in new[] { tables, history, show, query, vacuum, restore, check, convert }) cmd.Subcommands.Add(sub);
        return cmd;
    }

    private static SparkSession Session(ILoggerFactory lf) => SparkSession.Builder().AppName("lake").UseDuckDb().LoggerFactory(lf).GetOrCreate();

    /// <summary>Runs a subcommand; a user error prints "error: …" (no stack trace) and exits 1.</summary>
    private static async Task<int> Guarded(Func<Task> body) => await Guarded(async () => { await body(); return Ok; });

    private static async Task<int> Guarded(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (Exception e) when (e is SparkJobsException or ArgumentException or IOException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return Problems;
        }
    }

    private static List<string> TableFolders(string lake) =>
        [.. Layers.Select(l => Path.Combine(lake, l)).Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal)];

    private static List<string> DeltaTables(string lake)
    {
        if (!Directory.Exists(lake)) throw new DirectoryNotFoundException($"--lake {lake}: no such folder");
        return [.. TableFolders(lake).Where(t => Directory.Exists(Path.Combine(t, "_delta_log")))];
    }

    private static string Name(string lake, string table) => Path.GetRelativePath(lake, table).Replace('\\', '/');

    /// <summary>
    /// The name <c>lake query</c> registers a table under: its folder's name; <c>quarantine</c> for the daily reports' quarantine
    /// records and <c>quarantine_indicators</c> for the indicators' rejected rows.
    /// </summary>
    private static string ViewName(string lake, string table) =>
        IsQuarantine(lake, table) ? QuarantineTable.QueryName
        : Path.GetFullPath(table) == Path.GetFullPath(new LakeLayout(lake).QuarantineIndicators) ? QuarantineTable.IndicatorsQueryName
        : Path.GetFileName(table);

    private static bool IsQuarantine(string lake, string table) =>
        Path.GetFullPath(table) == Path.GetFullPath(new LakeLayout(lake).QuarantineReports);

    /// <summary>
    /// A table by name: <c>daily_country</c> (looked up in trusted/, refined/, then quarantine/), <c>refined/top_countries</c>,
    /// or <c>quarantine</c> (the quarantine records, quarantine/daily_reports).
    /// </summary>
    private static string Table(string lake, string name)
    {
        var candidates = name.Equals(QuarantineTable.QueryName, StringComparison.OrdinalIgnoreCase) ? [new LakeLayout(lake).QuarantineReports]
            : name.Equals(QuarantineTable.IndicatorsQueryName, StringComparison.OrdinalIgnoreCase) ? [new LakeLayout(lake).QuarantineIndicators]
            : name.Contains('/') ? [Path.Combine(lake, name)] : Layers.Select(l => Path.Combine(lake, l, name)).ToArray();
        return candidates.FirstOrDefault(c => Directory.Exists(Path.Combine(c, "_delta_log")))
            ?? throw new ArgumentException($"no Delta table '{name}' in {lake} (tables: {string.Join(", ", DeltaTables(lake).Select(t => Name(lake, t)))})");
    }

    private static async Task TablesAsync(string lake, bool json, CancellationToken ct)
    {
        var all = new JsonArray();
        if (!json) Console.WriteLine($"{"table",-28} {"version",7} {"files",6} {"rows",12} {"dates",-26} {"size",12}");
        foreach (var table in DeltaTables(lake))
        {
            var s = await DeltaLog.ForPath(table).GetSnapshotAsync(ct: ct);
            var dates = s.PartitionColumns.Contains("report_date")
                ? s.Files.Select(f => f.PartitionValues["report_date"]).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList()
                : [];
            var dateText = dates.Count == 0 ? "-" : $"{dates[0]}..{dates[^1]} ({dates.Count})";
            all.Add(new JsonObject
            {
                ["table"] = Name(lake, table), ["version"] = s.Version, ["files"] = s.Files.Count, ["rows"] = s.NumRecords,
                ["first_date"] = dates.Count == 0 ? null : dates[0], ["last_date"] = dates.Count == 0 ? null : dates[^1], ["dates"] = dates.Count,
                ["bytes"] = s.Files.Sum(f => f.Size),
            });
            if (!json) Console.WriteLine($"{Name(lake, table),-28} {s.Version,7} {s.Files.Count,6} {s.NumRecords,12:N0} {dateText,-26} {s.Files.Sum(f => f.Size),12:N0}");
        }
        if (json) Console.WriteLine(all.ToJsonString());
    }

    private static async Task HistoryAsync(string table, int? limit, bool json, CancellationToken ct)
    {
        var commits = new JsonArray();
        if (!json) Console.WriteLine($"{"version",7}  {"time (UTC)",-19}  {"operation",-10} {"run",-24} {"job",-8} {"report dates",-22} {"rows",10} {"+files",6} {"-files",6}  txn");
        foreach (var h in await DeltaLog.ForPath(table).HistoryAsync(limit, ct))
        {
            var m = h.CommitInfo?.OperationMetrics ?? new Dictionary<string, string>();
            var txn = string.Join(" ", h.Actions.OfType<TxnAction>().Select(t => $"{t.AppId}@{t.Version}"));
            if (json)
            {
                commits.Add(new JsonObject
                {
                    ["version"] = h.Version, ["timestamp"] = h.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), ["operation"] = h.CommitInfo?.Operation,
                    ["run_id"] = h.CommitInfo?.Tag("runId"), ["job"] = h.CommitInfo?.Tag("job"), ["report_dates"] = h.CommitInfo?.Tag("reportDates"),
                    ["operation_metrics"] = new JsonObject([.. m.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
                    ["txn"] = new JsonArray([.. h.Actions.OfType<TxnAction>().Select(t => (JsonNode?)new JsonObject { ["app_id"] = t.AppId, ["version"] = t.Version })]),
                });
                continue;
            }
            Console.WriteLine($"{h.Version,7}  {h.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {h.CommitInfo?.Operation ?? "-",-10} {h.CommitInfo?.Tag("runId") ?? "-",-24} " +
                $"{h.CommitInfo?.Tag("job") ?? "-",-8} {h.CommitInfo?.Tag("reportDates") ?? "-",-22} {m.GetValueOrDefault("numOutputRows", "-"),10} " +
                $"{m.GetValueOrDefault("numFiles", "-"),6} {m.GetValueOrDefault("numRemovedFiles", "-"),6}  {(txn.Length == 0 ? "-" : txn)}");
        }
        if (json) Console.WriteLine(commits.ToJsonString());
    }

    private static async Task PrintAsync(DataFrame df, int limit, bool csv, bool json, CancellationToken ct)
    {
        if (!csv && !json) { await df.ShowAsync(limit, 40, Console.Out, ct); return; }
        var rows = await df.Limit(limit).CollectAsync(ct);
        var names = (await df.SchemaAsync(ct)).Fields.Select(f => f.Name).ToList();
        if (csv) Console.WriteLine(string.Join(",", names.Select(Csv)));
        foreach (var row in rows)
        {
            if (csv) Console.WriteLine(string.Join(",", row.Values.Select(v => Csv(Text(v)))));
            else Console.WriteLine(JsonSerializer.Serialize(names.Select((n, i) => (n, Text(row[i]))).ToDictionary(x => x.n, x => x.Item2), LakeJson.Default.DictionaryStringString));
        }
    }

    private static string? Text(object? v) => v switch
    {
        null => null,
        DateOnly d => IsoDate.Format(d),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    private static string Csv(string? s) =>
        s is null ? "" : s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class LakeJson : System.Text.Json.Serialization.JsonSerializerContext;
