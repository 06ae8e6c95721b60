using DuckDB.NET.Data;

namespace CovidSpark.Delta.Tests;

/// <summary>Where the repository, the Spark-written golden tables and a scratch folder are.</summary>
internal static class TestPaths
{
    public static string RepoRoot => Testing.RepoRoot.Path;

    /// <summary>The Delta project's golden tables (../shared/data/delta-golden, or DELTA_GOLDEN).</summary>
    public static string GoldenRoot => DeltaGolden.Root;

    public static string Golden(string name) => DeltaGolden.Table(name);

    /// <summary>Copies a golden table to a fresh writable folder (golden files are read-only).</summary>
    public static string CopyGolden(string name, TempDir temp) => DeltaGolden.Copy(name, temp);
}

/// <summary>Reads the data files of a snapshot with DuckDB's read_parquet — an engine that knows nothing of our log code.</summary>
internal static class DuckDbFiles
{
    public static object? Scalar(string sql)
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    /// <summary>A SQL <c>read_parquet([...])</c> over the snapshot's files, resolved under the table root.</summary>
    public static string ReadParquet(string tableRoot, Log.Snapshot snapshot) =>
        "read_parquet([" + string.Join(", ", snapshot.Files.Select(f =>
            "'" + Path.Combine(tableRoot, Log.Snapshot.RelativePath(f)).Replace("'", "''") + "'")) + "])";

    public static long Count(string tableRoot, Log.Snapshot snapshot) =>
        Convert.ToInt64(Scalar($"select count(*) from {ReadParquet(tableRoot, snapshot)}"));

    public static string Strings(string tableRoot, Log.Snapshot snapshot, string column) =>
        (string)Scalar($"select string_agg(cast({column} as varchar), ',' order by {column}) from {ReadParquet(tableRoot, snapshot)}")!;
}
