using CovidSpark.Aws;
using CovidSpark.Aws.Glue.Catalog;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Aws.Catalog;

/// <summary>
/// <c>covidspark-jobs run --catalog-database DB</c>: after a run that committed its tables, the lake's tables are synced into Glue
/// (the same <see cref="LakeCatalog.SyncAsync"/> as <c>covidspark catalog sync</c>), so a new table or schema is queryable in Athena
/// when the step ends. A failed sync is reported but does not fail the run: the data is committed, and the next run or a
/// <c>covidspark catalog sync</c> catches up.
/// </summary>
public sealed class RunCatalogPublisher(string database, AwsClientOptions aws, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>Syncs <paramref name="lake"/>; writes one summary line to <paramref name="output"/>, or the failure to <paramref name="error"/>.</summary>
    /// <returns>The report, or null when the sync failed.</returns>
    public async Task<CatalogSyncReport?> PublishAsync(string lake, TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            var report = await LakeCatalog.SyncAsync(lake, database, aws, new CatalogSyncOptions(), loggers, time, ct).ConfigureAwait(false);
            var counts = Enum.GetValues<TableSyncAction>().Where(a => report.Count(a) > 0).Select(a => $"{report.Count(a)} {a.ToString().ToLowerInvariant()}");
            await output.WriteLineAsync($"Catalog: Glue database {database}: {string.Join(", ", counts.DefaultIfEmpty("no Delta tables"))}").ConfigureAwait(false);
            return report;
        }
        catch (Exception e) when (e is CovidSparkOperationsException or IOException or HttpRequestException)
        {
            await error.WriteLineAsync($"warning: the run's tables are committed, but registering them in Glue database {database} failed: {e.Message} "
                + "(run 'covidspark catalog sync' to catch up)").ConfigureAwait(false);
            return null;
        }
    }
}
