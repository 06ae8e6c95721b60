using System.Collections.Frozen;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.DuckDb;

public sealed partial class DuckDbEngine
{
    /// <summary>Aggregates whose floating-point result depends on the order partial results are combined in.</summary>
    private static readonly FrozenSet<string> OrderSensitiveAggregates = new[]
    {
        "avg", "mean", "sum", "stddev", "stddev_samp", "stddev_pop", "std", "variance", "var_samp", "var_pop",
        "corr", "regr_sxx", "regr_syy", "covar_samp", "covar_pop", "skewness", "kurtosis",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when a plan's result may differ in its last bits from run to run on several threads: DuckDB combines the per-thread
    /// partial sums of an average, deviation or correlation in whatever order the threads finish. SQL text is opaque, so it
    /// counts as aggregating. Such plans run on one thread, so the same input gives the same bytes — what the embedded engine
    /// promises for every table it writes. They are summaries of data already reduced (the jobs' statistics and KMeans
    /// iterations), so one thread costs little; plans that only read, filter, sort or window keep every thread.
    /// </summary>
    internal static bool IsOrderSensitive(Relation plan) => plan switch
    {
        SqlQuery => true,
        Aggregate a when a.Aggregates.Any(UsesOrderSensitiveAggregate) => true,
        _ => plan.Children.Any(IsOrderSensitive),
    };

    private static bool UsesOrderSensitiveAggregate(Expr e) => e switch
    {
        FunctionCall f => OrderSensitiveAggregates.Contains(f.Name) || f.Args.Any(UsesOrderSensitiveAggregate),
        Alias a => UsesOrderSensitiveAggregate(a.Child),
        Cast c => UsesOrderSensitiveAggregate(c.Child),
        CaseWhen w => w.Branches.Any(b => UsesOrderSensitiveAggregate(b.Condition) || UsesOrderSensitiveAggregate(b.Value))
            || (w.Else is { } x && UsesOrderSensitiveAggregate(x)),
        _ => false,
    };

    /// <summary>Limits DuckDB to one thread until the returned scope is disposed (nothing changes when <paramref name="condition"/> is false).</summary>
    private OneThreadScope OneThreadIf(bool condition)
    {
        if (!condition || !_deterministicAggregates) return default;
        var threads = Threads();
        Run("SET threads = 1");
        return new OneThreadScope(this, threads);
    }

    /// <summary>DuckDB's current thread count.</summary>
    internal long Threads()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT current_setting('threads')";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private readonly struct OneThreadScope(DuckDbEngine? engine, long threads) : IDisposable
    {
        public void Dispose() => engine?.Run($"SET threads = {threads.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }
}
