using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CovidSpark.Connect.Tests;

/// <summary>
/// Every Spark SQL text the jobs and the golden cases send — SQL relations, SQL commands, expression strings and the
/// schema DDL of reads and local relations — parsed by an independent Spark SQL grammar: dt-sql-parser's SparkSQL
/// parser (npm, generated from Apache Spark's ANTLR grammar), installed into tools/sqlcheck by scripts/test.sh.
/// A text our fake server accepts but Spark's parser would reject fails here, not on the first cluster.
/// </summary>
public sealed class SparkSqlGrammarTests
{
    private static string Snapshots => RepoRoot.Combine("tests", "CovidSpark.Spark.Connect.Tests", "Snapshots");

    /// <summary>(where, text) of every SQL text in the golden plan files (the jobs' and the single-rule cases').</summary>
    internal static IReadOnlyList<(string Where, string Sql)> SqlTexts()
    {
        var texts = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(Snapshots, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Snapshots, file);
            // plan.json files of single cases are "-- 0001-query" headers followed by JSON; job files are one JSON array.
            var text = File.ReadAllText(file);
            var documents = text.TrimStart().StartsWith('[') ? [text]
                : text.Split('\n').Aggregate(new List<string> { "" }, (acc, line) =>
                {
                    if (line.StartsWith("-- ", StringComparison.Ordinal)) acc.Add("");
                    else acc[^1] += line + "\n";
                    return acc;
                }).Where(d => d.Trim().Length > 0);
            foreach (var document in documents)
                Collect(JsonNode.Parse(document), relative, texts);
        }
        return texts;
    }

    private static void Collect(JsonNode? node, string where, List<(string, string)> texts)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) Collect(item, where, texts);
                break;
            case JsonObject o:
                if (o["sql"] is JsonObject { } sql && sql["query"] is JsonValue q) texts.Add((where + " (SQL relation)", q.GetValue<string>()));
                if (o["sqlCommand"] is JsonObject { } command && command["sql"] is JsonValue c) texts.Add((where + " (SQL command)", c.GetValue<string>()));
                if (o["expressionString"] is JsonObject { } expression && expression["expression"] is JsonValue e)
                    texts.Add((where + " (expression string)", $"SELECT {e.GetValue<string>()} FROM t"));
                // Read.DataSource.schema and LocalRelation.schema are column-list DDL.
                if ((o.ContainsKey("dataSource") || o.ContainsKey("data")) && o["schema"] is JsonValue ddl)
                    texts.Add((where + " (schema DDL)", $"CREATE TABLE t ({ddl.GetValue<string>()}) USING parquet"));
                if (o["dataSource"] is JsonObject { } source && source["schema"] is JsonValue sourceDdl)
                    texts.Add((where + " (schema DDL)", $"CREATE TABLE t ({sourceDdl.GetValue<string>()}) USING parquet"));
                foreach (var (_, child) in o) Collect(child, where, texts);
                break;
        }
    }

    /// <summary>
    /// Delta Lake's commands on a path table. Delta adds them to Spark with its own parser extension (DeltaSqlBase.g4), so
    /// Apache Spark's grammar — and dt-sql-parser's — does not know them; <see cref="Every_delta_command_has_deltas_syntax_over_a_table_sparks_grammar_reads"/> checks them.
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex DeltaCommand =
        new(@"^(DESCRIBE HISTORY|DESCRIBE DETAIL|VACUUM|RESTORE TABLE) (delta\.`(?:[^`]|``)+`)(.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);

    /// <summary>
    /// The statement forms of Delta's grammar (DeltaSqlBase.g4, as Delta documents them) for what follows the table:
    /// <c>DESCRIBE HISTORY t [LIMIT n]</c>, <c>DESCRIBE DETAIL t</c>, <c>VACUUM t [RETAIN number HOURS] [DRY RUN]</c>,
    /// <c>RESTORE [TABLE] t [TO] (VERSION | TIMESTAMP) AS OF value</c>.
    /// </summary>
    private static readonly Dictionary<string, System.Text.RegularExpressions.Regex> DeltaForms = new()
    {
        ["DESCRIBE HISTORY"] = new(@"^( LIMIT \d+)?$"),
        ["DESCRIBE DETAIL"] = new(@"^$"),
        ["VACUUM"] = new(@"^( RETAIN \d+(\.\d+)? HOURS)?( DRY RUN)?$"),
        ["RESTORE TABLE"] = new(@"^ TO (VERSION AS OF \d+|TIMESTAMP AS OF '(?:[^'\\]|\\.)*')$"),
    };

    [NodeFact]
    public void Every_delta_command_has_deltas_syntax_over_a_table_sparks_grammar_reads()
    {
        var commands = SqlTexts().Select(t => (t.Where, t.Sql, Match: DeltaCommand.Match(t.Sql))).Where(t => t.Match.Success).ToList();
        Assert.True(commands.Count >= 8, $"only {commands.Count} Delta commands found in {Snapshots}");
        foreach (var (where, sql, match) in commands)
            Assert.True(DeltaForms[match.Groups[1].Value].IsMatch(match.Groups[3].Value), $"{where}: not one of Delta's statement forms: {sql}");

        // The parts Spark's own grammar parses — the path identifier and a time-travel value — read with it as a query.
        var queries = commands.Select(c =>
        {
            var rest = c.Match.Groups[3].Value;
            var travel = rest.StartsWith(" TO ", StringComparison.Ordinal) ? rest[" TO".Length..] : "";
            return $"SELECT * FROM {c.Match.Groups[2].Value}{travel}";
        }).ToList();
        var results = Parse(queries);
        var failures = queries.Zip(results).Where(r => r.Second.Count > 0).Select(r => $"{string.Join("; ", r.Second)}\n{r.First}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} Delta table references do not parse:\n\n" + string.Join("\n\n", failures));
    }

    [NodeFact]
    public void Every_sql_text_the_jobs_send_parses_with_sparks_grammar()
    {
        var texts = SqlTexts().Where(t => !DeltaCommand.IsMatch(t.Sql)).ToList();
        Assert.True(texts.Count(t => t.Where.StartsWith("jobs", StringComparison.Ordinal)) >= 8, $"only {texts.Count} SQL texts found in {Snapshots}");
        Assert.Contains(texts, t => t.Where.Contains("schema DDL", StringComparison.Ordinal));

        var results = Parse(texts.Select(t => t.Sql).ToList());

        var failures = texts.Zip(results).Where(r => r.Second.Count > 0)
            .Select(r => $"{r.First.Where}: {string.Join("; ", r.Second)}\n{r.First.Sql}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {texts.Count} Spark SQL texts do not parse:\n\n" + string.Join("\n\n", failures));
    }

    [NodeFact]
    public void The_grammar_rejects_what_spark_rejects()
    {
        // DuckDB-only syntax (EXCLUDE, an empty IN list) is an error; Spark's own operators are not.
        var results = Parse(["SELECT * EXCLUDE (a) FROM t", "SELECT a FROM t WHERE a IN ()", "SELECT a FROM t WHERE a != 1 AND b <=> 2",
            "SELECT CAST(a AS DOUBLE) / NULLIF(b, 0) FROM t"]);

        Assert.NotEmpty(results[0]);
        Assert.NotEmpty(results[1]);
        Assert.Empty(results[2]);
        Assert.Empty(results[3]);
    }

    /// <summary>Runs tools/sqlcheck/sqlcheck.mjs once for all texts; one error list per text.</summary>
    private static List<List<string>> Parse(IReadOnlyList<string> texts)
    {
        var tool = RepoRoot.Combine("tools", "sqlcheck");
        Assert.True(Directory.Exists(Path.Combine(tool, "node_modules", "dt-sql-parser")),
            $"dt-sql-parser is not installed in {tool}: run 'npm ci --prefix tools/sqlcheck' (scripts/test.sh does)");
        var psi = new ProcessStartInfo("node", [Path.Combine(tool, "sqlcheck.mjs")])
        {
            WorkingDirectory = tool, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(psi)!;
        var error = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(JsonSerializer.Serialize(texts));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEnd();
        Assert.True(node.WaitForExit(120_000), "sqlcheck did not finish within 120 s");
        Assert.True(node.ExitCode == 0, $"sqlcheck failed ({node.ExitCode}): {error.Result}");
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.EnumerateArray().Select(errors => errors.EnumerateArray()
            .Select(e => $"line {e.GetProperty("line")}, column {e.GetProperty("column")}: {e.GetProperty("message").GetString()}").ToList())];
    }
}

/// <summary>A fact that needs node on PATH; skipped with that reason otherwise (counted as skipped, never passed).</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "node")) || File.Exists(Path.Combine(d, "node.exe"))))
            Skip = "node is not on PATH: the Spark SQL grammar check (dt-sql-parser) cannot run; install nodejs and npm (.ci/run does)";
    }
}
