using System.Globalization;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.Engines;
using Proto = CovidSpark.Spark.Connect.Proto;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// The Spark Connect plans of <see cref="DeltaTable"/>'s operations: Delta Lake's SQL commands on a path-based table
/// (<c>delta.`path`</c>) sent as a root <c>SQL</c> relation, so Spark runs the command once and answers its rows as
/// Arrow batches. <c>DESCRIBE HISTORY</c> is wrapped in a projection that turns its map and struct columns into JSON
/// text (<c>to_json</c>), the form every engine of this library returns them in.
/// </summary>
internal static class DeltaCommandPlans
{
    /// <summary><c>delta.`path`</c>, a backtick in the path doubled as Spark's identifier quoting asks.</summary>
    public static string TableIdentifier(string path) => "delta.`" + path.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary><c>DESCRIBE HISTORY delta.`path` [LIMIT n]</c>.</summary>
    public static string HistorySql(string path, int? limit) =>
        $"DESCRIBE HISTORY {TableIdentifier(path)}" + (limit is { } n ? $" LIMIT {n.ToString(CultureInfo.InvariantCulture)}" : "");

    /// <summary><c>VACUUM delta.`path` [RETAIN h HOURS]</c> (without RETAIN: the table's own retention, 7 days by default).</summary>
    public static string VacuumSql(string path, double? retentionHours) =>
        $"VACUUM {TableIdentifier(path)}" + (retentionHours is { } h ? $" RETAIN {h.ToString("R", CultureInfo.InvariantCulture)} HOURS" : "");

    /// <summary><c>RESTORE TABLE delta.`path` TO VERSION AS OF n</c> or <c>… TO TIMESTAMP AS OF 'text'</c>.</summary>
    public static string RestoreSql(string path, DeltaRestoreTarget target) =>
        $"RESTORE TABLE {TableIdentifier(path)} TO " + (target.Version is { } v
            ? $"VERSION AS OF {v.ToString(CultureInfo.InvariantCulture)}"
            : $"TIMESTAMP AS OF {StringLiteral(target.Timestamp!)}");

    /// <summary><c>DESCRIBE DETAIL delta.`path`</c>: answers for a Delta table, fails for anything else.</summary>
    public static string DetailSql(string path) => $"DESCRIBE DETAIL {TableIdentifier(path)}";

    /// <summary>A Spark SQL string literal: quotes and backslashes escaped with a backslash.</summary>
    internal static string StringLiteral(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>The history query: the command's rows with its map and struct columns as JSON text, in <see cref="DeltaTable.HistorySchema"/>'s order.</summary>
    public static Proto.Plan History(string path, int? limit, PlanIdGenerator ids) =>
        Select(HistorySql(path, limit), ids, DeltaTable.HistorySchema.Fields.Select(f => JsonColumns.Contains(f.Name) ? ToJson(f.Name) : Column(f.Name)));

    /// <summary>The <c>format</c> column of <c>DESCRIBE DETAIL</c> (<c>delta</c> for a Delta table); its other columns are lists and maps.</summary>
    public static Proto.Plan Detail(string path, PlanIdGenerator ids) => Select(DetailSql(path), ids, [Column("format")]);

    /// <summary>A projection over a SQL command's rows; plan ids in pre-order, as the compiler numbers them.</summary>
    private static Proto.Plan Select(string sql, PlanIdGenerator ids, IEnumerable<Proto.Expression> columns)
    {
        var common = new Proto.RelationCommon { PlanId = ids.Next() };
        var project = new Proto.Project { Input = Sql(sql, ids) };
        project.Expressions.AddRange(columns);
        return new Proto.Plan { Root = new Proto.Relation { Project = project, Common = common } };
    }

    private static Proto.Expression Column(string name) =>
        new() { UnresolvedAttribute = new Proto.Expression.Types.UnresolvedAttribute { UnparsedIdentifier = name } };

    private static Proto.Expression ToJson(string name)
    {
        var toJson = new Proto.Expression.Types.UnresolvedFunction { FunctionName = "to_json" };
        toJson.Arguments.Add(Column(name));
        var alias = new Proto.Expression.Types.Alias { Expr = new Proto.Expression { UnresolvedFunction = toJson } };
        alias.Name.Add(name);
        return new Proto.Expression { Alias = alias };
    }

    /// <summary>Delta's map and struct history columns.</summary>
    private static readonly HashSet<string> JsonColumns = ["operationParameters", "job", "notebook", "operationMetrics"];

    /// <summary>A plan whose root is the SQL text (a command Spark runs once when the plan executes).</summary>
    public static Proto.Plan Command(string sql, PlanIdGenerator ids) => new() { Root = Sql(sql, ids) };

    private static Proto.Relation Sql(string sql, PlanIdGenerator ids) =>
        new() { Sql = new Proto.SQL { Query = sql }, Common = new Proto.RelationCommon { PlanId = ids.Next() } };
}
