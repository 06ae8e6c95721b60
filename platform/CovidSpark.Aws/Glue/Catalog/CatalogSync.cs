using CovidSpark.Aws.Glue.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Aws.Glue.Catalog;

/// <summary>
/// Registers every lake table in a Glue database (see <see cref="GlueTableDefinition"/>) so Athena and Spark SQL can query it by name.
/// Idempotent: a table already registered as wanted is left alone, one whose schema or location changed is updated, one gone from
/// the lake is reported and deleted only when asked. Safe against concurrent syncs: a create that meets <c>AlreadyExists</c> and an
/// update that meets <c>ConcurrentModification</c> re-read the table, compare again, and retry only if it still differs.
/// </summary>
public sealed partial class CatalogSync(IGlueClient glue, ILogger<CatalogSync>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Brings database <paramref name="database"/> in line with the tables <paramref name="source"/> finds.</summary>
    /// <exception cref="LakeCatalogException">Two lake tables share a name, a type has no Athena name, or a table kept changing.</exception>
    /// <exception cref="AwsException">Glue failed (after retries).</exception>
    public async Task<CatalogSyncReport> SyncAsync(string database, ILakeTableSource source, CatalogSyncOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CatalogSyncOptions();
        var scan = await source.ScanAsync(ct).ConfigureAwait(false);
        var duplicate = scan.Tables.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new LakeCatalogException($"two lake tables would both be Glue table '{duplicate.Key}': {string.Join(", ", duplicate.Select(t => t.Location))}");
        var wanted = scan.Tables.OrderBy(t => t.Zone, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (Table: t, Input: GlueTableDefinition.For(t))).ToList();

        var databaseCreated = await EnsureDatabaseAsync(database, source.Root, options.DryRun, ct).ConfigureAwait(false);
        var existing = databaseCreated ? [] : await glue.GetAllTablesAsync(database, ct).ConfigureAwait(false);
        var byName = existing.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

        var results = new List<TableSyncResult>();
        foreach (var (table, input) in wanted)
        {
            byName.TryGetValue(table.Name, out var current);
            var (action, changes) = options.DryRun
                ? Plan(input, current)
                : await ReconcileAsync(database, input, current, options.MaxAttempts, ct).ConfigureAwait(false);
            results.Add(new TableSyncResult(table.Name, table.Zone, table.Location, action, changes));
            LogTable(_logger, database, table.Name, action, string.Join("; ", changes));
        }

        var inLake = new HashSet<string>(wanted.Select(w => w.Table.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var gone in existing.Where(t => !inLake.Contains(t.Name) && IsManaged(t)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var action = TableSyncAction.Missing;
            if (options.Prune)
            {
                if (!options.DryRun) await DeleteAsync(database, gone.Name, ct).ConfigureAwait(false);
                action = TableSyncAction.Deleted;
            }
            results.Add(new TableSyncResult(gone.Name, gone.Parameters?.GetValueOrDefault("covidspark.zone"), gone.StorageDescriptor?.Location, action, []));
            LogTable(_logger, database, gone.Name, action, "gone from the lake");
        }
        return new CatalogSyncReport(database, source.Root, options.DryRun, databaseCreated, results, scan.Skipped);
    }

    /// <summary>True for a Glue table an earlier sync registered (it carries <see cref="GlueTableDefinition.ManagedByKey"/>).</summary>
    public static bool IsManaged(GlueTable table) =>
        table.Parameters?.GetValueOrDefault(GlueTableDefinition.ManagedByKey) == GlueTableDefinition.ManagedByValue;

    private async Task<bool> EnsureDatabaseAsync(string database, string lake, bool dryRun, CancellationToken ct)
    {
        try
        {
            await glue.GetDatabaseAsync(new GetDatabaseRequest(database), ct).ConfigureAwait(false);
            return false;
        }
        catch (GlueEntityNotFoundException)
        {
            if (dryRun) return true;
        }
        try
        {
            await glue.CreateDatabaseAsync(new CreateDatabaseRequest(new DatabaseInput(database, $"CovidSpark lake tables ({lake}), registered by covidspark catalog sync")), ct).ConfigureAwait(false);
            LogDatabaseCreated(_logger, database);
            return true;
        }
        catch (GlueAlreadyExistsException)
        {
            return false; // a concurrent sync created it
        }
    }

    private static (TableSyncAction, IReadOnlyList<string>) Plan(TableInput input, GlueTable? current)
    {
        if (current is null) return (TableSyncAction.Created, []);
        var changes = GlueTableDefinition.Differences(input, current);
        return (changes.Count == 0 ? TableSyncAction.Unchanged : TableSyncAction.Updated, changes);
    }

    private async Task<(TableSyncAction, IReadOnlyList<string>)> ReconcileAsync(string database, TableInput input, GlueTable? current, int maxAttempts, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            if (attempt > 1) current = await glue.FindTableAsync(database, input.Name, ct).ConfigureAwait(false);
            if (current is null)
            {
                try
                {
                    await glue.CreateTableAsync(new CreateTableRequest(database, input), ct).ConfigureAwait(false);
                    return (TableSyncAction.Created, []);
                }
                catch (GlueAlreadyExistsException)
                {
                    LogRaced(_logger, database, input.Name, "CreateTable", attempt);
                    continue;
                }
            }
            var changes = GlueTableDefinition.Differences(input, current);
            if (changes.Count == 0) return (TableSyncAction.Unchanged, []);
            try
            {
                await glue.UpdateTableAsync(new UpdateTableRequest(database, GlueTableDefinition.ForUpdate(input, current), current.VersionId), ct).ConfigureAwait(false);
                return (TableSyncAction.Updated, changes);
            }
            catch (Exception e) when (e is GlueConcurrentModificationException or GlueEntityNotFoundException)
            {
                LogRaced(_logger, database, input.Name, "UpdateTable", attempt);
            }
        }
        throw new LakeCatalogException($"Glue table {database}.{input.Name} kept changing under concurrent writers; gave up after {maxAttempts} attempts (run the sync again)");
    }

    private async Task DeleteAsync(string database, string name, CancellationToken ct)
    {
        try
        {
            await glue.DeleteTableAsync(new DeleteTableRequest(database, name), ct).ConfigureAwait(false);
        }
        catch (GlueEntityNotFoundException)
        {
            // a concurrent prune got there first
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Glue database {Database} created")]
    private static partial void LogDatabaseCreated(ILogger logger, string database);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Glue table {Database}.{Table}: {Action} {Changes}")]
    private static partial void LogTable(ILogger logger, string database, string table, TableSyncAction action, string changes);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Glue table {Database}.{Table}: {Operation} met a concurrent writer (attempt {Attempt}); re-reading")]
    private static partial void LogRaced(ILogger logger, string database, string table, string operation, int attempt);
}
