namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// Hands out the <c>RelationCommon.plan_id</c>s of one session: 0, 1, 2, ... in compile order, so the same job
/// produces the same plans (and golden files) on every run. One per engine; thread-safe; never process-global.
/// </summary>
public sealed class PlanIdGenerator
{
    private long _next;

    /// <summary>Starts at <paramref name="first"/> (0 unless a test wants otherwise).</summary>
    public PlanIdGenerator(long first = 0) => _next = first;

    /// <summary>The next unused id.</summary>
    public long Next() => Interlocked.Increment(ref _next) - 1;
}
