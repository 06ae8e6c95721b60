using CovidSpark.Aws;
using CovidSpark.Aws.Glue;
using CovidSpark.Aws.Glue.Catalog;
using CovidSpark.Delta.Storage;
using CovidSpark.Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Aws.Catalog;

/// <summary>
/// The catalog sync composed for a lake path: the Delta table source (S3 or local) with the built-in schema docs, a Glue client,
/// and <see cref="CatalogSync"/>. Both the <c>covidspark catalog sync</c> command and <c>covidspark-jobs run --catalog-database</c>
/// go through here, so they register the same tables the same way.
/// </summary>
public static class LakeCatalog
{
    /// <summary>Syncs the Glue database <paramref name="database"/> with the lake at <paramref name="lake"/>.</summary>
    /// <param name="lake">Lake root: <c>s3://bucket/prefix</c> or a local folder.</param>
    /// <param name="database">Glue database (created when missing).</param>
    /// <param name="aws">Region, endpoint and credentials for Glue and S3.</param>
    /// <param name="options">Dry run, prune.</param>
    /// <param name="loggers">Logs each table's outcome and the AWS calls.</param>
    /// <param name="time">Clock of the Delta log reader.</param>
    /// <param name="ct">Cancels the sync.</param>
    /// <exception cref="LakeCatalogException">The lake cannot be registered as it is.</exception>
    /// <exception cref="AwsException">Glue failed (after retries).</exception>
    /// <exception cref="IOException">The lake could not be listed or read.</exception>
    public static async Task<CatalogSyncReport> SyncAsync(string lake, string database, AwsClientOptions aws, CatalogSyncOptions options,
        ILoggerFactory loggers, TimeProvider time, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var stores = new FileStoreFactory(aws);
        var glue = new GlueClient(http, aws, loggers.CreateLogger<AwsJsonClient>());
        var source = new DeltaLakeTableSource(lake, stores.For(lake), root => OpenStore(root, stores), LakeSchemaDocs.Embedded, time);
        return await new CatalogSync(glue, loggers.CreateLogger<CatalogSync>()).SyncAsync(database, source, options, ct).ConfigureAwait(false);
    }

    private static IDeltaStore OpenStore(string tableRoot, FileStoreFactory stores) =>
        FileStorePaths.IsS3(tableRoot) ? new S3DeltaReadStore(stores.S3, tableRoot) : new LocalDeltaStore(tableRoot);
}
