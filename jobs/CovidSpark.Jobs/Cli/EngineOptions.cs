using System.CommandLine;
using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Connect.Recording;
using CovidSpark.Spark.Engines.DuckDb;
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
        Description = "Spark engine: send nothing; print every plan that would be sent (readable protobuf JSON, with the SQL text).",
    };

    public Option<string?> PlanOut { get; } = new("--plan-out")
    {
        Description = "Spark engine: also write each plan to this folder as NNNN-kind.bin (binary spark.connect.Plan) and .json.",
    };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Embedded engine: worker threads (default: all cores)." };

    public Option<string?> MemoryLimit { get; } = new("--memory-limit") { Description = "Embedded engine: memory limit such as 1GB (default: DuckDB's)." };

    public IEnumerable<Option> All => [Engine, Remote, DryRun, PlanOut, Threads, MemoryLimit];

    /// <summary>Problems with the engine options, all at once.</summary>
    public IEnumerable<string> Validate(ParseResult parse)
    {
        var engine = parse.GetValue(Engine);
        if (engine is not ("duckdb" or "spark")) yield return $"--engine '{engine}' is not known (use duckdb or spark)";
        if (engine == "duckdb" && (parse.GetValue(DryRun) || parse.GetValue(PlanOut) is not null))
            yield return "--dry-run and --plan-out show Spark Connect plans: add --engine spark";
        if (engine == "spark" && RemoteOf(parse) is { } remote && !remote.StartsWith("sc://", StringComparison.Ordinal))
            yield return $"--remote '{SparkConnectConnectionString.Redact(remote)}' must start with sc://";
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
        return builder.UseSparkConnect(RemoteOf(parse) ?? "sc://localhost:15002", o => o with
        {
            DryRun = parse.GetValue(DryRun),
            PlanRecorder = recorders.Count == 0 ? null : new CompositePlanRecorder(recorders),
        }).GetOrCreate();
    }
}

/// <summary>Prints each plan: its number and kind, then the readable protobuf JSON (SQL text included).</summary>
internal sealed class ConsolePlanRecorder(TextWriter output) : IPlanRecorder
{
    public ValueTask RecordAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        output.WriteLine($"--- plan {plan.Sequence:0000} ({plan.Kind.ToString().ToLowerInvariant()}, {plan.Plan.Length} bytes) ---");
        output.WriteLine(plan.Json);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Sends each plan to several recorders in turn.</summary>
internal sealed class CompositePlanRecorder(IReadOnlyList<IPlanRecorder> recorders) : IPlanRecorder
{
    public async ValueTask RecordAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        foreach (var r in recorders) await r.RecordAsync(plan, cancellationToken).ConfigureAwait(false);
    }
}
