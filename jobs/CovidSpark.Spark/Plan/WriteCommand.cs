using System.Collections.Immutable;

namespace CovidSpark.Spark.Plan;

/// <summary>How a write treats data already at the destination (Spark's <c>SaveMode</c>).</summary>
public enum SaveMode
{
    /// <summary>Fail when the destination exists.</summary>
    ErrorIfExists,
    /// <summary>Add files next to the existing ones.</summary>
    Append,
    /// <summary>
    /// Replace the destination. With partition columns and option <c>partitionOverwriteMode=dynamic</c>,
    /// only the partitions present in the new data are replaced.
    /// </summary>
    Overwrite,
    /// <summary>Do nothing when the destination exists.</summary>
    Ignore,
}

/// <summary>Write a relation to files.</summary>
public sealed record WriteCommand(
    Relation Input,
    string Path,
    FileFormat Format,
    SaveMode Mode,
    ImmutableArray<string> PartitionBy,
    ImmutableSortedDictionary<string, string> Options)
{
    /// <summary>True when only the partitions present in the data are replaced.</summary>
    public bool DynamicPartitionOverwrite =>
        Mode == SaveMode.Overwrite && PartitionBy.Length > 0
        && Options.TryGetValue("partitionOverwriteMode", out var m) && m.Equals("dynamic", StringComparison.OrdinalIgnoreCase);
}
