using System.Globalization;
using System.Text.RegularExpressions;
using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Proto;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Sql;
using Grpc.Core;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>
/// Plays a Spark cluster with Delta Lake behind <see cref="FakeSparkConnectServer"/>: it understands exactly the forms
/// Delta's SQL grammar gives its commands on a path table (<c>DESCRIBE HISTORY delta.`p` [LIMIT n]</c>,
/// <c>VACUUM delta.`p` [RETAIN n HOURS]</c>, <c>RESTORE TABLE delta.`p` TO VERSION|TIMESTAMP AS OF …</c>,
/// <c>DESCRIBE DETAIL delta.`p`</c>) and <c>Read</c> relations of format delta with <c>versionAsOf</c> /
/// <c>timestampAsOf</c>, and answers them from real Delta tables on disk (read and changed through an embedded
/// session, the cluster's storage). Like Delta, it refuses a vacuum below 168 hours unless the session set
/// <c>spark.databricks.delta.retentionDurationCheck.enabled=false</c>. Any other plan fails the test.
/// </summary>
internal sealed partial class FakeDeltaCluster : IAsyncDisposable
{
    private const string Table = @"delta\.`((?:[^`]|``)+)`";
    private readonly FakeSparkConnectServer _server;
    private readonly List<string> _commands = [];

    public FakeDeltaCluster(FakeSparkConnectServer server)
    {
        _server = server;
        Storage = SparkSession.Builder().UseDuckDb().GetOrCreate();
        server.Answer = Answer;
    }

    /// <summary>The cluster's own session: writes the tables the client then works on.</summary>
    public SparkSession Storage { get; }

    private IDeltaOperations Delta => (IDeltaOperations)Storage.Engine;

    /// <summary>The SQL texts received, in order.</summary>
    public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }

    private IReadOnlyList<ExecutePlanResponse> Answer(Plan plan)
    {
        var root = plan.Root ?? throw new InvalidOperationException($"the fake Delta cluster runs queries only, got {plan.OpTypeCase}");
        if (root.RelTypeCase == Relation.RelTypeOneofCase.Read)
            return Rows(ReadDelta(root.Read.DataSource));
        if (LocalRows(root) is { } local) return local;
        var sql = root.RelTypeCase switch
        {
            Relation.RelTypeOneofCase.Sql => root.Sql.Query,
            Relation.RelTypeOneofCase.Project when root.Project.Input.RelTypeCase == Relation.RelTypeOneofCase.Sql => root.Project.Input.Sql.Query,
            _ => throw new InvalidOperationException($"the fake Delta cluster does not run {root.RelTypeCase}"),
        };
        lock (_commands) _commands.Add(sql);
        if (HistoryCommand().Match(sql) is { Success: true } h)
        {
            Assert.Equal(root.Project.Expressions.Count, DeltaTable.HistorySchema.Fields.Length); // the projection names every column
            return Rows(Delta.HistoryAsync(PathOf(h), h.Groups[2].Success ? int.Parse(h.Groups[2].Value, CultureInfo.InvariantCulture) : null, default).Result);
        }
        if (VacuumCommand().Match(sql) is { Success: true } v)
        {
            double? hours = v.Groups[2].Success ? double.Parse(v.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            if (hours < DeltaTable.DefaultRetentionHours && RetentionCheckEnabled())
                throw FakeSparkConnectService.SparkError(StatusCode.Internal, "INTERNAL_ERROR", "java.lang.IllegalArgumentException",
                    "requirement failed: Are you sure you would like to vacuum files with such a low retention period?");
            return Rows(Delta.VacuumAsync(PathOf(v), new DeltaVacuumRequest(hours, RetentionDurationCheckEnabled: false), default).Result);
        }
        if (RestoreCommand().Match(sql) is { Success: true } r)
        {
            var target = r.Groups[2].Success
                ? DeltaRestoreTarget.ToVersion(long.Parse(r.Groups[2].Value, CultureInfo.InvariantCulture))
                : DeltaRestoreTarget.ToTimestamp(r.Groups[3].Value.Replace("\\'", "'", StringComparison.Ordinal));
            return Rows(Delta.RestoreAsync(PathOf(r), target, default).Result);
        }
        if (DetailCommand().Match(sql) is { Success: true } d)
        {
            if (!Delta.IsDeltaTableAsync(PathOf(d), default).Result)
                throw FakeSparkConnectService.SparkError(StatusCode.Internal, "DELTA_MISSING_DELTA_TABLE", "org.apache.spark.sql.delta.DeltaAnalysisException",
                    $"[DELTA_MISSING_DELTA_TABLE] `{PathOf(d)}` is not a Delta table.", sqlState: "42P01");
            return [ArrowData.Rows("format string", ["delta"])];
        }
        throw FakeSparkConnectService.SparkError(StatusCode.Internal, "PARSE_SYNTAX_ERROR", "org.apache.spark.sql.catalyst.parser.ParseException",
            $"[PARSE_SYNTAX_ERROR] the fake Delta cluster does not know: {sql}", sqlState: "42601");
    }

    /// <summary>
    /// Rows the client sent back (a DataFrame made from an earlier answer, e.g. the history), optionally with some of
    /// their columns selected by name: the arithmetic-free part of a real cluster's work.
    /// </summary>
    private static IReadOnlyList<ExecutePlanResponse>? LocalRows(Relation root)
    {
        var (local, columns) = root.RelTypeCase switch
        {
            Relation.RelTypeOneofCase.LocalRelation => (root.LocalRelation, null),
            Relation.RelTypeOneofCase.Project when root.Project.Input.RelTypeCase == Relation.RelTypeOneofCase.LocalRelation
                && root.Project.Expressions.All(e => e.UnresolvedAttribute is not null)
                => (root.Project.Input.LocalRelation, root.Project.Expressions.Select(e => e.UnresolvedAttribute.UnparsedIdentifier).ToList()),
            _ => ((LocalRelation?)null, (List<string>?)null),
        };
        if (local is null) return null;
        var reader = new CovidSpark.Spark.Connect.Results.ArrowResultReader();
        reader.Add(local.Data.Memory);
        var schema = reader.Schema!;
        var picked = (columns ?? [.. schema.Names]).Select(c => schema.Fields.ToList().FindIndex(f => f.Name == c)).ToList();
        var result = new CovidSpark.Spark.Sql.Types.StructType(picked.Select(i => schema.Fields[i]));
        return [ArrowData.Response(LocalRelationEncoder.ToRecordBatch(result, [.. reader.Rows.Select(r => picked.Select(i => r[i]).ToArray())]))];
    }

    private QueryResult ReadDelta(Read.Types.DataSource source)
    {
        Assert.Equal("delta", source.Format);
        var reader = Storage.Read().Format("delta");
        foreach (var (k, v) in source.Options) reader = reader.Option(k, v);
        return reader.Load([.. source.Paths]).ExecuteAsync().Result;
    }

    private bool RetentionCheckEnabled() =>
        _server.SessionConfig.LastOrDefault(c => c.Key == DeltaTable.RetentionDurationCheckSetting).Value != "false";

    private static string PathOf(Match m) => m.Groups[1].Value.Replace("``", "`", StringComparison.Ordinal);

    private static IReadOnlyList<ExecutePlanResponse> Rows(QueryResult result) =>
        [ArrowData.Response(LocalRelationEncoder.ToRecordBatch(result.Schema, [.. result.Rows.Select(r => r.Values)]))];

    [GeneratedRegex($@"^DESCRIBE HISTORY {Table}(?: LIMIT (\d+))?$")]
    private static partial Regex HistoryCommand();

    [GeneratedRegex($@"^VACUUM {Table}(?: RETAIN (\d+(?:\.\d+)?) HOURS)?$")]
    private static partial Regex VacuumCommand();

    [GeneratedRegex($@"^RESTORE TABLE {Table} TO (?:VERSION AS OF (\d+)|TIMESTAMP AS OF '((?:[^'\\]|\\.)*)')$")]
    private static partial Regex RestoreCommand();

    [GeneratedRegex($@"^DESCRIBE DETAIL {Table}$")]
    private static partial Regex DetailCommand();

    public ValueTask DisposeAsync() => Storage.DisposeAsync();
}
