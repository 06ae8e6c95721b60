using CovidSpark.Aws.Glue;
using CovidSpark.Aws.Glue.Catalog;
using CovidSpark.Aws.Glue.Model;
using CovidSpark.Delta;
using CovidSpark.Jobs.Aws.Catalog;
using CovidSpark.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Jobs.Aws.Tests.Catalog;

/// <summary><c>catalog sync</c> against moto's Glue and S3: a lake of Delta tables on S3 registered for Athena and Spark.</summary>
[Collection(MotoCollection.Name)]
public sealed class CatalogSyncTests(MotoServer moto) : IAsyncLifetime
{
    private const string Database = "covidspark";
    private readonly HttpClient _http = new();
    private CatalogLake _lake = null!;

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        _lake = await CatalogLake.CreateAsync(moto);
    }

    public Task DisposeAsync()
    {
        _lake.Dispose();
        _http.Dispose();
        return Task.CompletedTask;
    }

    private Task<CatalogSyncReport> SyncAsync(bool dryRun = false, bool prune = false) =>
        LakeCatalog.SyncAsync(_lake.S3Root, Database, _lake.Aws, new CatalogSyncOptions(dryRun, prune), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);

    private async Task<Dictionary<string, GlueTable>> GlueTablesAsync() =>
        (await _lake.Glue(_http).GetAllTablesAsync(Database)).ToDictionary(t => t.Name);

    [Fact]
    public async Task Sync_registers_every_lake_table_as_a_Delta_table_at_its_folder_with_documented_columns()
    {
        var report = await SyncAsync();

        var documented = LakeSchemaDocs.Embedded.Tables;
        Assert.Equal(12, documented.Count);
        Assert.True(report.DatabaseCreated);
        Assert.Equal(documented.Count, report.Count(TableSyncAction.Created));
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal($"s3://{CatalogLake.Bucket}/refined/legacy_table", skipped.Location);

        var tables = await GlueTablesAsync();
        Assert.Equal(documented.Keys.Select(k => k.Split('/')[1]).Order(), tables.Keys.Order());
        foreach (var (key, doc) in documented)
        {
            var (zone, name) = (key.Split('/')[0], key.Split('/')[1]);
            var t = tables[name];
            var location = $"s3://{CatalogLake.Bucket}/{zone}/{name}";
            Assert.Equal("EXTERNAL_TABLE", t.TableType);
            Assert.Equal("DELTA", t.Parameters!["table_type"]);
            Assert.Equal("delta", t.Parameters["spark.sql.sources.provider"]);
            Assert.Equal("TRUE", t.Parameters["EXTERNAL"]);
            Assert.Equal(zone, t.Parameters["covidspark.zone"]);
            Assert.Equal(location, t.StorageDescriptor!.Location);
            Assert.Equal(location, t.StorageDescriptor.SerdeInfo!.Parameters!["path"]);
            Assert.Equal(doc.Description, t.Description);
            var partitioned = doc.Columns.ContainsKey("report_date");
            Assert.Equal(partitioned ? ["report_date"] : Array.Empty<string>(), (t.PartitionKeys ?? []).Select(p => p.Name));
            if (partitioned) Assert.Equal("date", t.PartitionKeys![0].Type);
            // every other column, in schema order, with its Hive type and documented comment
            var expected = doc.Columns.Where(c => c.Key != "report_date")
                .Select(c => new GlueColumn(c.Key, CatalogLake.DocumentedType(key, c.Key), c.Value)).ToList();
            Assert.Equal(expected, t.StorageDescriptor.Columns);
        }
        Assert.Equal("bigint", tables["top_countries"].StorageDescriptor!.Columns!.Single(c => c.Name == "rank").Type);
        Assert.Equal("1 = most confirmed cases", tables["top_countries"].StorageDescriptor!.Columns!.Single(c => c.Name == "rank").Comment);
    }

    [Fact]
    public async Task A_second_sync_reports_every_table_unchanged_and_writes_nothing()
    {
        await SyncAsync();
        var recording = new RecordingGlue(_lake.Glue(_http));
        var again = await new CatalogSync(recording).SyncAsync(Database, Source(), new CatalogSyncOptions());

        Assert.True(again.NoChange);
        Assert.All(again.Tables, t => Assert.Equal(TableSyncAction.Unchanged, t.Action));
        Assert.Equal(12, again.Tables.Count);
        Assert.DoesNotContain(recording.Calls, c => c is "CreateTable" or "UpdateTable" or "DeleteTable" or "CreateDatabase");
    }

    [Fact]
    public async Task A_schema_change_updates_that_table_only_and_a_dry_run_only_says_so()
    {
        await SyncAsync();
        await _lake.AddColumnAsync("trusted/daily_country", new DeltaField("hospitalised", "long"));
        await _lake.UploadAsync();

        var dry = await SyncAsync(dryRun: true);
        Assert.Equal(TableSyncAction.Updated, dry.Tables.Single(t => t.Name == "daily_country").Action);
        Assert.DoesNotContain((await GlueTablesAsync())["daily_country"].StorageDescriptor!.Columns!, c => c.Name == "hospitalised");

        var report = await SyncAsync();
        var changed = Assert.Single(report.Tables, t => t.Action != TableSyncAction.Unchanged);
        Assert.Equal("daily_country", changed.Name);
        Assert.Equal(TableSyncAction.Updated, changed.Action);
        Assert.Equal(["column hospitalised added (bigint)"], changed.Changes);
        var column = (await GlueTablesAsync())["daily_country"].StorageDescriptor!.Columns!.Last();
        Assert.Equal(new GlueColumn("hospitalised", "bigint", null), column);
        Assert.True((await SyncAsync()).NoChange);
    }

    [Fact]
    public async Task Parallel_syncs_on_an_empty_catalog_all_succeed_and_create_each_table_once()
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SyncAsync())));

        Assert.Equal(12, reports.Sum(r => r.Count(TableSyncAction.Created)));
        Assert.All(reports, r => Assert.All(r.Tables, t => Assert.Contains(t.Action, new[] { TableSyncAction.Created, TableSyncAction.Unchanged })));
        Assert.Equal(12, (await GlueTablesAsync()).Count);
    }

    [Fact]
    public async Task A_create_that_loses_the_race_rereads_and_compares_instead_of_failing()
    {
        // Another sync registers each table between our listing and our CreateTable: moto answers AlreadyExistsException.
        var glue = new RacingGlue(_lake.Glue(_http)) { CreateFirst = true };
        var report = await new CatalogSync(glue).SyncAsync(Database, Source(), new CatalogSyncOptions());

        Assert.All(report.Tables, t => Assert.Equal(TableSyncAction.Unchanged, t.Action));
        Assert.Equal(12, glue.Races);
    }

    [Fact]
    public async Task An_update_that_meets_a_concurrent_modification_rereads_and_finds_the_other_writer_did_it()
    {
        await SyncAsync();
        await _lake.AddColumnAsync("refined/top_countries", new DeltaField("recovered", "long"));
        await _lake.UploadAsync();
        // moto does not check UpdateTable's VersionId: the other writer is played here, with Glue's own error code.
        var glue = new RacingGlue(_lake.Glue(_http)) { UpdateFirst = true };
        var report = await new CatalogSync(glue).SyncAsync(Database, Source(), new CatalogSyncOptions());

        Assert.Equal(1, glue.Races);
        Assert.Equal(TableSyncAction.Unchanged, report.Tables.Single(t => t.Name == "top_countries").Action);
        Assert.Contains((await GlueTablesAsync())["top_countries"].StorageDescriptor!.Columns!, c => c.Name == "recovered");
    }

    [Fact]
    public async Task A_table_gone_from_the_lake_is_reported_and_deleted_only_with_prune_and_foreign_tables_are_never_touched()
    {
        await SyncAsync();
        var glue = _lake.Glue(_http);
        await glue.CreateTableAsync(new CreateTableRequest(Database, new TableInput { Name = "analyst_scratch", TableType = "EXTERNAL_TABLE" }));
        Directory.Delete(Path.Combine(_lake.Local, "refined", "hdi_analysis"), recursive: true);
        await _lake.UploadAsync();

        var kept = await SyncAsync();
        var missing = Assert.Single(kept.Tables, t => t.Action == TableSyncAction.Missing);
        Assert.Equal("hdi_analysis", missing.Name);
        Assert.Contains("hdi_analysis", (await GlueTablesAsync()).Keys);

        var dry = await SyncAsync(dryRun: true, prune: true);
        Assert.Equal(TableSyncAction.Deleted, dry.Tables.Single(t => t.Name == "hdi_analysis").Action);
        Assert.Contains("hdi_analysis", (await GlueTablesAsync()).Keys);

        var pruned = await SyncAsync(prune: true);
        Assert.Equal(TableSyncAction.Deleted, pruned.Tables.Single(t => t.Name == "hdi_analysis").Action);
        var left = await GlueTablesAsync();
        Assert.DoesNotContain("hdi_analysis", left.Keys);
        Assert.Contains("analyst_scratch", left.Keys);
        Assert.DoesNotContain(pruned.Tables, t => t.Name == "analyst_scratch");
    }

    private DeltaLakeTableSource Source()
    {
        var stores = new CovidSpark.Jobs.Aws.FileStoreFactory(_lake.Aws);
        return new DeltaLakeTableSource(_lake.S3Root, stores.For(_lake.S3Root), root => new S3DeltaReadStore(stores.S3, root), LakeSchemaDocs.Embedded, TimeProvider.System);
    }
}
