namespace CovidSpark.Aws.Glue.Catalog;

/// <summary>A column of a lake table as its Delta log declares it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="SparkType">Spark type: a primitive name (<c>long</c>, <c>date</c>, <c>decimal(10,2)</c>) or the Spark-JSON of a nested type.</param>
/// <param name="Comment">What the column means (from the lake's schema docs); null when undocumented.</param>
public sealed record LakeColumn(string Name, string SparkType, string? Comment = null);

/// <summary>One table of the lake, as the catalog registers it.</summary>
/// <param name="Name">Table name, the folder name (<c>daily_region</c>, <c>top_countries</c>); the Glue table gets the same name.</param>
/// <param name="Zone">The lake zone it sits in: <c>trusted</c> or <c>refined</c>.</param>
/// <param name="Location">The table's root folder (<c>s3://bucket/trusted/daily_region</c>), where <c>_delta_log/</c> is.</param>
/// <param name="Columns">Every column in schema order, partition columns included.</param>
/// <param name="PartitionColumns">Names of the partition columns (a subset of <paramref name="Columns"/>), in partitioning order.</param>
/// <param name="Description">What the table holds; null for a generic description.</param>
public sealed record CatalogTable(string Name, string Zone, string Location, IReadOnlyList<LakeColumn> Columns, IReadOnlyList<string> PartitionColumns, string? Description = null);

/// <summary>A folder of a lake zone that is not registered, and why (e.g. no <c>_delta_log</c>).</summary>
public sealed record SkippedFolder(string Location, string Reason);

/// <summary>What a scan of the lake found.</summary>
public sealed record LakeScan(IReadOnlyList<CatalogTable> Tables, IReadOnlyList<SkippedFolder> Skipped);

/// <summary>
/// The port the catalog sync reads the lake through: which tables exist and their schemas. The Delta implementation reads each
/// table's latest <c>metaData</c> from its <c>_delta_log</c> (adapters/CovidSpark.Jobs.Aws); tests pass a list.
/// </summary>
public interface ILakeTableSource
{
    /// <summary>The lake root, for messages (<c>s3://bucket/</c> or a folder).</summary>
    string Root { get; }

    /// <summary>Every table of the zones the catalog publishes, and the folders passed over.</summary>
    Task<LakeScan> ScanAsync(CancellationToken ct);
}
