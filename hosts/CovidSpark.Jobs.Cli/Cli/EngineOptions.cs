using System.CommandLine;
using System.Text;
using System.Text.Json;
using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Connect.Recording;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Cli;

/// <summary>The options that choose and configure the engine: embedded DuckDB (default) or Spark over Spark Connect.</summary>
internal sealed class EngineOptions
{
    public Option<string> Engine { get; } = new("--engine", "-e")
    {
        Description = "duckdb (embedded, default) or spark (a Spark Connect server: EMR, any Spark >= 3.5).",
        DefaultValueFactory = _ => "duckdb",
    };

    public Option<string?> Remote { get; } = new("--remote")
    {
        Description = "Spark Connect endpoint sc://host:port/;token=...;use_ssl=true;user_id=... (default: SPARK_REMOTE, else sc://localhost:15002).",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Spark engine: send nothing; print every plan that would be sent: what it does (query, temp view, write with format, mode, path, partitioning), its Spark SQL text, then the plan as protobuf JSON.",
    };

    public Option<string?> PlanOut { get; } = new("--plan-out")
    {
        Description = "Spark engine: also write each plan to this folder as NNNN-kind.bin (binary spark.connect.Plan) and .json.",
    };

    public Option<string?> SparkVersion { get; } = new("--spark-version")
    {
        Description = "Spark engine, --dry-run: compile for this Spark version, 3.5 (EMR 7.x) or 4.0 (EMR 8.x; the default). With a server its own version is used.",
    };

    public Option<string?> WaitForServer { get; } = new("--wait-for-server")
    {
        Description = "Spark engine: wait this long (90s, 20m, 1h) for a Spark Connect server that does not answer yet, then fail naming --server-log (EMR steps: the server may still be starting).",
    };

    public Option<string?> ServerLog { get; } = new("--server-log")
    {
        Description = "Spark engine: where the Spark Connect server's start-up log is, named when the server never answers (EMR: /var/log/covidspark/spark-connect.log).",
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "Spark engine: read the Spark Connect token from this file (EMR 8.x: /var/lib/covidspark/spark-connect.token) when --remote has no ;token= (default: SPARK_CONNECT_AUTHENTICATE_TOKEN).",
    };

    public Option<int?> Threads { get; } = OptionValues.OptionalWholeNumber("--threads", "Embedded engine: worker threads, at least 1 (default: all cores).");

    public Option<string?> MemoryLimit { get; } = new("--memory-limit") { Description = "Embedded engine: memory limit such as 1GB (default: DuckDB's)." };

    public IEnumerable<Option> All => [Engine, Remote, DryRun, PlanOut, SparkVersion, WaitForServer, ServerLog, TokenFile, Threads, MemoryLimit];

    /// <summary>Problems with the engine options, all at once.</summary>
    public IEnumerable<string> Validate(ParseResult parse)
    {
        var engine = parse.GetValue(Engine);
        if (engine is not ("duckdb" or "spark")) yield return $"--engine '{engine}' is not known (use duckdb or spark)";
        if (engine == "duckdb" && (parse.GetValue(DryRun) || parse.GetValue(PlanOut) is not null))
            yield return "--dry-run and --plan-out show Spark Connect plans: add --engine spark";
        if (parse.GetValue(Threads) is < 1 and var threads) yield return $"--threads must be at least 1, got {threads}";
        if (parse.GetValue(MemoryLimit) is { } limit && !OptionValues.MemoryLimit().IsMatch(limit))
            yield return $"--memory-limit '{limit}' is not a size such as 512MB or 2GB";
        if (engine == "spark" && RemoteOf(parse) is { } remote && !remote.StartsWith("sc://", StringComparison.Ordinal))
            yield return $"--remote '{SparkConnectConnectionString.Redact(remote)}' must start with sc://";
        if (parse.GetValue(SparkVersion) is { } version && version is not ("3.5" or "4.0"))
            yield return $"--spark-version '{version}' is not known (use 3.5 or 4.0)";
        if (parse.GetValue(WaitForServer) is { } wait && Duration(wait) is null)
            yield return $"--wait-for-server '{wait}' is not a duration such as 90s, 20m or 1h";
        if (parse.GetValue(TokenFile) is { } tokenFile && !File.Exists(tokenFile))
            yield return $"--token-file {tokenFile} does not exist";
    }

    /// <summary><c>90s</c>, <c>20m</c>, <c>1h</c> as a positive time span, else null.</summary>
    internal static TimeSpan? Duration(string text)
    {
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
            return null;
        return text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => null };
    }

    /// <summary>
    /// The connection string with the token added when it has none: from --token-file, else SPARK_CONNECT_AUTHENTICATE_TOKEN
    /// (the variable Spark's own clients read). The token never has to appear in an EMR step's arguments.
    /// </summary>
    private string ConnectionStringOf(ParseResult parse)
    {
        var remote = RemoteOf(parse) ?? "sc://localhost:15002";
        if (remote.Contains(";token=", StringComparison.OrdinalIgnoreCase)) return remote;
        var token = parse.GetValue(TokenFile) is { } file ? File.ReadAllText(file).Trim()
            : Environment.GetEnvironmentVariable("SPARK_CONNECT_AUTHENTICATE_TOKEN");
        if (string.IsNullOrEmpty(token)) return remote;
        return (remote.Contains(';', StringComparison.Ordinal) ? remote.TrimEnd(';') : remote.TrimEnd('/') + "/") + ";token=" + Uri.EscapeDataString(token);
    }

    public bool IsDryRun(ParseResult parse) => parse.GetValue(DryRun);

    private string? RemoteOf(ParseResult parse) => parse.GetValue(Remote) ?? Environment.GetEnvironmentVariable("SPARK_REMOTE");

    /// <summary>The session for the chosen engine; in a dry run plans are printed to <paramref name="output"/>.</summary>
    public SparkSession CreateSession(ParseResult parse, ILoggerFactory loggers, TextWriter output)
    {
        var builder = SparkSession.Builder().AppName("covidspark").LoggerFactory(loggers);
        if (parse.GetValue(Engine) != "spark")
            return builder.Engine(l => new DuckDbEngine(new DuckDbOptions(Threads: parse.GetValue(Threads), MemoryLimit: parse.GetValue(MemoryLimit)), l)).GetOrCreate();
        var recorders = new List<IPlanRecorder>();
        if (parse.GetValue(PlanOut) is { } dir) recorders.Add(new DirectoryPlanRecorder(dir));
        if (parse.GetValue(DryRun)) recorders.Add(new ConsolePlanRecorder(output));
        return builder.UseSparkConnect(ConnectionStringOf(parse), o => o with
        {
            DryRun = parse.GetValue(DryRun),
            SparkVersion = parse.GetValue(SparkVersion) is { } version ? SparkTarget.Parse(version) : SparkTarget.Default,
            StartupTimeout = parse.GetValue(WaitForServer) is { } wait ? Duration(wait) ?? TimeSpan.Zero : TimeSpan.Zero,
            ServerLogHint = parse.GetValue(ServerLog),
            PlanRecorder = recorders.Count == 0 ? null : new CompositePlanRecorder(recorders),
        }).GetOrCreate();
    }
}

/// <summary>
/// Prints each plan for a person: a header with its number, what it does (a query, a temp view, a write with its format,
/// mode, path and partitioning) and its size; then the Spark SQL text of every SQL relation or command in it, as written;
/// then the plan as protobuf JSON.
/// </summary>
internal sealed class ConsolePlanRecorder(TextWriter output) : IPlanRecorder
{
    public ValueTask RecordAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(plan.Json);
        output.WriteLine($"--- plan {plan.Sequence:0000}: {Describe(plan.Kind, json.RootElement)} ({plan.Plan.Length} bytes) ---");
        foreach (var sql in SqlTexts(json.RootElement))
        {
            output.WriteLine("Spark SQL:");
            output.WriteLine(sql);
            output.WriteLine();
        }
        output.WriteLine("spark.connect.Plan (JSON):");
        output.WriteLine(plan.Json);
        output.WriteLine();
        return ValueTask.CompletedTask;
    }

    /// <summary>One line saying what the plan does, read from its JSON (protobuf JSON names).</summary>
    internal static string Describe(PlanKind kind, JsonElement plan)
    {
        if (kind == PlanKind.Schema) return "schema request";
        if (plan.TryGetProperty("root", out var root)) return root.TryGetProperty("sql", out _) ? "query (Spark SQL)" : "query";
        if (!plan.TryGetProperty("command", out var command)) return kind.ToString().ToLowerInvariant();
        if (command.TryGetProperty("createDataframeView", out var view))
            return $"command: temp view {Text(view, "name")}" + (view.TryGetProperty("input", out var input) && input.TryGetProperty("sql", out _) ? " (Spark SQL)" : "");
        if (command.TryGetProperty("sqlCommand", out _)) return "command: Spark SQL statement";
        if (!command.TryGetProperty("writeOperation", out var write)) return "command";
        var text = new StringBuilder($"command: write {Text(write, "source") ?? "(default format)"}");
        if (Text(write, "mode") is { } mode) text.Append(' ').Append(mode.Replace("SAVE_MODE_", "", StringComparison.Ordinal).Replace('_', ' ').ToLowerInvariant());
        text.Append(" to ").Append(Text(write, "path") ?? "a table");
        if (write.TryGetProperty("partitioningColumns", out var columns))
            text.Append(", partitioned by ").AppendJoin(", ", columns.EnumerateArray().Select(c => c.GetString()));
        if (write.TryGetProperty("options", out var options))
            text.Append(" (").AppendJoin(", ", options.EnumerateObject().Select(o => $"{o.Name}={o.Value.GetString()}")).Append(')');
        return text.ToString();
    }

    /// <summary>The SQL text of every SQL relation (<c>sql.query</c>) and SQL command (<c>sqlCommand.sql</c>), in plan order.</summary>
    internal static IEnumerable<string> SqlTexts(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var sql in SqlTexts(item)) yield return sql;
            yield break;
        }
        if (element.ValueKind != JsonValueKind.Object) yield break;
        if (element.TryGetProperty("sql", out var relation) && Text(relation, "query") is { } query) yield return query;
        if (element.TryGetProperty("sqlCommand", out var statement) && Text(statement, "sql") is { } statementText) yield return statementText;
        foreach (var property in element.EnumerateObject())
            foreach (var sql in SqlTexts(property.Value)) yield return sql;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Sends each plan to several recorders in turn.</summary>
internal sealed class CompositePlanRecorder(IReadOnlyList<IPlanRecorder> recorders) : IPlanRecorder
{
    public async ValueTask RecordAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        foreach (var r in recorders) await r.RecordAsync(plan, cancellationToken).ConfigureAwait(false);
    }
}
