namespace CovidSpark.Spark.DuckDb;

/// <summary>Settings of the embedded engine.</summary>
/// <param name="DatabasePath">A database file, or null for in-memory (the default: the lake is the files).</param>
/// <param name="Threads">Worker threads; null lets DuckDB use every core.</param>
/// <param name="MemoryLimit">DuckDB memory limit such as <c>"1GB"</c>; null for DuckDB's default (80% of RAM).</param>
/// <param name="TempDirectory">Where DuckDB may spill when over the memory limit.</param>
/// <param name="DeterministicAggregates">
/// Run plans with floating-point aggregates (AVG, STDDEV, CORR, SUM, ...) and SQL text on one thread, so the same input gives
/// the same bits every run (the default; the jobs' statistics are small). Turn off for large ad-hoc aggregations where the
/// last bits may vary but every core should work.
/// </param>
/// <param name="Time">The clock of Delta commits (commit timestamps, tombstones); the system clock when null.</param>
public sealed record DuckDbOptions(string? DatabasePath = null, int? Threads = null, string? MemoryLimit = null, string? TempDirectory = null,
    bool DeterministicAggregates = true, TimeProvider? Time = null);
