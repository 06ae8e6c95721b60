using System.Collections.Concurrent;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect.Proto;

namespace CovidSpark.Connect.Tests.Pipeline;

/// <summary>
/// Plays the Spark cluster for one pipeline run on the fake server: answers each query the jobs collect with rows
/// built here (the ETL's negative-new-case count, KMeans' standardisation aggregate, the points for k-means++,
/// each Lloyd iteration's per-cluster averages, the final inertia, the distinct report dates of a table) and, like Spark
/// writing Delta tables to a shared lake, creates each written table's <c>_delta_log</c>, by which the jobs tell it exists.
/// A query it does not recognise is recorded in <see cref="Unexpected"/> and answered with no rows.
/// </summary>
/// <param name="lakeRoot">The lake the run writes to.</param>
/// <param name="reportDates">The dates whose partitions the daily_country write creates.</param>
/// <param name="iterationAverages">The per-cluster averages answered for iteration 1, 2, ... (default: <see cref="IterationAverages"/>).</param>
internal sealed class PipelineAnswers(string lakeRoot, IReadOnlyList<DateOnly> reportDates,
    Func<int, IReadOnlyDictionary<int, double[]>>? iterationAverages = null)
{
    public const long NegativeNewCaseRows = 7;
    public const double Inertia = 12.5;

    /// <summary>Mean and sample standard deviation of each feature (HDI, GDP per capita, density), as Spark would aggregate them.</summary>
    public static readonly double[] Means = [0.75, 20000.5, 150.25];
    public static readonly double[] Sds = [0.125, 15000.0, 300.5];

    /// <summary>The standardised points (z0, z1, z2), sorted by iso3, that k-means++ picks its first centroids from.</summary>
    public static readonly double[][] Points =
    [
        [-1.5, -1.25, -0.5], [-1.25, -1.0, -0.25], [0.125, 0.25, 0.0], [0.25, 0.5, 0.125], [1.5, 1.25, 0.75], [1.75, 1.5, 1.0],
    ];

    /// <summary>
    /// Per-cluster averages answered for iterations 1, 2 and 3. Iteration 1 leaves cluster 1 empty (no row), so it keeps
    /// its centroid; iteration 3 repeats iteration 2, so no centroid moves and KMeans stops there, converged.
    /// </summary>
    public static readonly IReadOnlyList<IReadOnlyDictionary<int, double[]>> IterationAverages =
    [
        new Dictionary<int, double[]> { [0] = [-1.375, -1.125, -0.375], [2] = [1.625, 1.375, 0.875] },
        new Dictionary<int, double[]> { [0] = [-1.4375, -1.1875, -0.4375], [1] = [0.1875, 0.375, 0.0625], [2] = [1.6875, 1.4375, 0.9375] },
        new Dictionary<int, double[]> { [0] = [-1.4375, -1.1875, -0.4375], [1] = [0.1875, 0.375, 0.0625], [2] = [1.6875, 1.4375, 0.9375] },
    ];

    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<string> _missingInputs = new();
    private readonly ConcurrentQueue<Plan> _iterations = new();

    /// <summary>Queries nobody scripted an answer for (should stay empty).</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary>CSV inputs that did not exist when the command reading them reached the server (should stay empty).</summary>
    public IReadOnlyList<string> MissingInputs => [.. _missingInputs];

    /// <summary>The Lloyd iteration queries, in the order they arrived.</summary>
    public IReadOnlyList<Plan> Iterations => [.. _iterations];

    public IReadOnlyList<ExecutePlanResponse> Answer(Plan plan)
    {
        foreach (var path in ProtoWalk.All<Read.Types.DataSource>(plan).Where(s => s.Format == "csv").SelectMany(s => s.Paths))
            if (!File.Exists(path)) _missingInputs.Enqueue(path);
        return plan.Command is { } command ? Command(command) : Query(plan.Root);
    }

    private IReadOnlyList<ExecutePlanResponse> Command(Command command)
    {
        // Every lake table is a Delta table: Spark's write commits its log, which is how the jobs tell that a table exists.
        if (command.WriteOperation is { } write && write.Path.StartsWith(lakeRoot, StringComparison.Ordinal))
            Directory.CreateDirectory(Path.Combine(write.Path, "_delta_log"));
        return [];
    }

    private IReadOnlyList<ExecutePlanResponse> Query(Relation root)
    {
        // The dates a table holds (ReportDatePartitions.DatesAsync: SELECT DISTINCT report_date from the Delta table).
        if (root.Deduplicate?.Input.Project is { } dates && dates.Expressions.Select(OutputName).SequenceEqual(["report_date"]))
            return [ArrowData.Rows("report_date date", [.. reportDates.Select(d => new object?[] { d })])];
        if (root.Aggregate is { GroupingExpressions.Count: 0 } total)
        {
            switch (total.AggregateExpressions.Select(OutputName).ToList())
            {
                case ["count"]:
                    return [ArrowData.Rows("count bigint", [NegativeNewCaseRows])];
                case ["n", ..]:
                    return [ArrowData.Rows(
                        "n bigint, mean_human_development_index double, sd_human_development_index double, mean_gdp_per_capita double, " +
                        "sd_gdp_per_capita double, mean_population_density double, sd_population_density double",
                        [(long)Points.Length, Means[0], Sds[0], Means[1], Sds[1], Means[2], Sds[2]])];
                case ["total"]:
                    return [ArrowData.Rows("total double", [Inertia])];
            }
        }
        if (root.Sort?.Input.Aggregate is { } perCluster && perCluster.GroupingExpressions.Select(OutputName).SequenceEqual(["cluster"]))
        {
            _iterations.Enqueue(new Plan { Root = root });
            var averages = iterationAverages?.Invoke(_iterations.Count) ?? IterationAverages[Math.Min(_iterations.Count, IterationAverages.Count) - 1];
            return [ArrowData.Rows("cluster int, size bigint, c0 double, c1 double, c2 double",
                [.. averages.OrderBy(kv => kv.Key).Select(kv => new object?[] { kv.Key, 2L, kv.Value[0], kv.Value[1], kv.Value[2] })])];
        }
        if (root.Project is { } project && project.Expressions.Select(OutputName).SequenceEqual(["z0", "z1", "z2"]))
            return [ArrowData.Rows("z0 double, z1 double, z2 double", [.. Points.Select(p => new object?[] { p[0], p[1], p[2] })])];
        _unexpected.Enqueue(root.ToString());
        return [ArrowData.EmptyBatchResponse()];
    }

    internal static string? OutputName(Expression e) => e.Alias?.Name.FirstOrDefault() ?? e.UnresolvedAttribute?.UnparsedIdentifier;
}
