namespace CovidSpark.Spark.Engines.DuckDb;

/// <summary>Settings of the embedded engine.</summary>
/// <param name="DatabasePath">A database file, or null for in-memory (the default: the lake is the files).</param>
/// <param name="Threads">Worker threads; null lets DuckDB use every core.</param>
/// <param name="MemoryLimit">DuckDB memory limit such as <c>"1GB"</c>; null for DuckDB's default (80% of RAM).</param>
/// <param name="TempDirectory">Where DuckDB may spill when over the memory limit.</param>
public sealed record DuckDbOptions(string? DatabasePath = null, int? Threads = null, string? MemoryLimit = null, string? TempDirectory = null);
