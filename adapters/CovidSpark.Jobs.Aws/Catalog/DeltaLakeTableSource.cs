using CovidSpark.Aws.Glue.Catalog;
using CovidSpark.Delta;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Storage;
using CovidSpark.Jobs.Storage;

namespace CovidSpark.Jobs.Aws.Catalog;

/// <summary>
/// The lake's tables as the catalog registers them: every folder of <c>trusted/</c> and <c>refined/</c> holding a Delta table,
/// with the schema and partition columns of its latest <c>metaData</c> (log replay with checkpoints, by the Delta library) and the
/// descriptions of <see cref="LakeSchemaDocs"/>. Works on S3 (<c>s3://bucket/prefix</c>) and on local folders.
/// </summary>
/// <param name="root">The lake root (the folder holding trusted/ and refined/).</param>
/// <param name="files">Lists the zones' folders.</param>
/// <param name="deltaStore">Opens a table root for reading its log.</param>
/// <param name="docs">Column comments and table descriptions.</param>
/// <param name="time">The Delta log's clock (commit timestamps).</param>
public sealed class DeltaLakeTableSource(string root, IFileStore files, Func<string, IDeltaStore> deltaStore, LakeSchemaDocs docs, TimeProvider time) : ILakeTableSource
{
    /// <summary>The zones the catalog publishes.</summary>
    public static IReadOnlyList<string> Zones { get; } = ["trusted", "refined"];

    public string Root { get; } = root;

    public async Task<LakeScan> ScanAsync(CancellationToken ct)
    {
        var tables = new List<CatalogTable>();
        var skipped = new List<SkippedFolder>();
        foreach (var zone in Zones)
        {
            var zoneFolder = FileStorePaths.Combine(Root, zone);
            foreach (var name in await files.ListFolderNamesAsync(zoneFolder, ct).ConfigureAwait(false))
            {
                var location = FileStorePaths.Combine(zoneFolder, name);
                if (name.StartsWith('_') || name.StartsWith('.')) continue;
                Snapshot? snapshot;
                try
                {
                    snapshot = await new DeltaLog(deltaStore(location), time).TryGetSnapshotAsync(ct).ConfigureAwait(false);
                }
                catch (DeltaException e)
                {
                    skipped.Add(new SkippedFolder(location, $"its Delta log cannot be read: {e.Message}"));
                    continue;
                }
                if (snapshot is null)
                {
                    skipped.Add(new SkippedFolder(location, "not a Delta table (no _delta_log)"));
                    continue;
                }
                var doc = docs.Find(zone, name);
                var columns = DeltaSchema.Parse(snapshot.Metadata.SchemaString)
                    .Select(f => new LakeColumn(f.Name, f.Type, doc?.Columns.GetValueOrDefault(f.Name)))
                    .ToList();
                tables.Add(new CatalogTable(name, zone, CatalogLocation(location), columns, snapshot.PartitionColumns,
                    doc is { Description.Length: > 0 } ? doc.Description : null));
            }
        }
        return new LakeScan(tables, skipped);
    }

    /// <summary>The location Glue records: the S3 URI as it is, a local folder as an absolute <c>file:</c> URI.</summary>
    public static string CatalogLocation(string folder) =>
        FileStorePaths.IsS3(folder) ? folder.TrimEnd('/') : new Uri(Path.GetFullPath(folder)).AbsoluteUri;

}
