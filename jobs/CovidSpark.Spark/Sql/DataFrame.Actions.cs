using System.Text;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Sql;

public sealed partial class DataFrame
{
    /// <summary>Runs the query and returns every row (keep results small: they come to the driver).</summary>
    public async Task<IReadOnlyList<Row>> CollectAsync(CancellationToken cancellationToken = default) =>
        (await Session.Engine.ExecuteAsync(Plan, cancellationToken).ConfigureAwait(false)).Rows;

    /// <summary>Runs the query and returns rows with their schema.</summary>
    public Task<QueryResult> ExecuteAsync(CancellationToken cancellationToken = default) =>
        Session.Engine.ExecuteAsync(Plan, cancellationToken);

    /// <summary>Number of rows.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var plan = new Aggregate(Plan, [], [new Alias(FunctionCatalogue.Call("count", Star.Instance), "count")]);
        var result = await Session.Engine.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        // An engine in dry-run mode answers no rows at all.
        return result.Rows.Count == 0 ? 0 : result.Rows[0].GetAs<long>(0);
    }

    /// <summary>The result schema, resolved by the engine without running the query.</summary>
    public Task<StructType> SchemaAsync(CancellationToken cancellationToken = default) =>
        Session.Engine.SchemaAsync(Plan, cancellationToken);

    /// <summary>What the engine would run, in its own language.</summary>
    public Task<string> ExplainAsync(CancellationToken cancellationToken = default) =>
        Session.Engine.ExplainAsync(Plan, cancellationToken);

    /// <summary>Prints the first rows as a text table, like Spark's <c>show()</c>.</summary>
    public async Task ShowAsync(int numRows = 20, int truncate = 20, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var result = await Session.Engine.ExecuteAsync(new Limit(Plan, numRows + 1), cancellationToken).ConfigureAwait(false);
        (output ?? Console.Out).Write(FormatTable(result, numRows, truncate));
    }

    internal static string FormatTable(QueryResult result, int numRows, int truncate)
    {
        string Cell(object? v)
        {
            var s = Row.Format(v);
            return truncate > 3 && s.Length > truncate ? s[..(truncate - 3)] + "..." : s;
        }
        var names = result.Schema.Names.ToArray();
        var rows = result.Rows.Take(numRows).Select(r => Enumerable.Range(0, names.Length).Select(i => Cell(r[i])).ToArray()).ToList();
        var widths = names.Select((n, i) => Math.Max(n.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var sep = "+" + string.Join("+", widths.Select(w => new string('-', w))) + "+";
        var sb = new StringBuilder().AppendLine(sep)
            .AppendLine("|" + string.Join("|", names.Select((n, i) => n.PadLeft(widths[i]))) + "|").AppendLine(sep);
        foreach (var r in rows) sb.AppendLine("|" + string.Join("|", r.Select((c, i) => c.PadLeft(widths[i]))) + "|");
        sb.AppendLine(sep);
        if (result.Rows.Count > numRows) sb.AppendLine($"only showing top {numRows} rows");
        return sb.ToString();
    }
}
