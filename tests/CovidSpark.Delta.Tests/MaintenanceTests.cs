using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Operations;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Delta.Tests;

public sealed class MaintenanceTests
{
    [Fact]
    public async Task Vacuum_DeletesReplacedAndUncommittedFilesOlderThanTheRetentionOnly()
    {
        using var t = new TableFixture();
        var old = await t.WriteFileAsync("2020-11-01", 2);
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, old);
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 3));
        var orphan = await t.WriteFileAsync("2020-11-02", 1); // written by a run that was killed before its commit
        var temp = Path.Combine(t.Root, "report_date=2020-11-02", ".part-0123.parquet.tmp");
        await File.WriteAllTextAsync(temp, "half");

        Assert.Empty((await DeltaMaintenance.VacuumAsync(t.Log, DeltaMaintenance.DefaultRetention, dryRun: true)).Files);
        t.Time.Advance(TimeSpan.FromDays(30));
        var dry = await DeltaMaintenance.VacuumAsync(t.Log, DeltaMaintenance.DefaultRetention, dryRun: true);
        Assert.Equal([old.RelativePath, orphan.RelativePath, "report_date=2020-11-02/.part-0123.parquet.tmp"], dry.Files.OrderBy(f => f.Replace("/.", "/~", StringComparison.Ordinal), StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(t.Root, old.RelativePath)));

        await DeltaMaintenance.VacuumAsync(t.Log, DeltaMaintenance.DefaultRetention, dryRun: false);
        Assert.False(File.Exists(Path.Combine(t.Root, old.RelativePath)));
        Assert.False(File.Exists(temp));
        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(3, DuckDbFiles.Count(t.Root, s));
        Assert.Empty(await DeltaMaintenance.CheckAsync(t.Log));
    }

    [Fact]
    public async Task Restore_MakesAnOldVersionCurrentWithOneCommit_AndRefusesVacuumedFiles()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 2));
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5), await t.WriteFileAsync("2020-11-02", 1));
        var result = await DeltaMaintenance.RestoreAsync(t.Log, 0);
        Assert.Equal(2, result.Version);
        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(2, s.NumRecords);
        Assert.Equal("RESTORE", (await t.Log.HistoryAsync(1))[0].CommitInfo!.Operation);

        t.Time.Advance(TimeSpan.FromDays(30));
        await DeltaMaintenance.VacuumAsync(t.Log, DeltaMaintenance.DefaultRetention, dryRun: false);
        var e = await Assert.ThrowsAsync<DeltaWriteException>(() => DeltaMaintenance.RestoreAsync(t.Log, 1));
        Assert.Contains("was deleted (vacuumed)", e.Message);
    }

    [Fact]
    public async Task Check_NamesMissingAndResizedFiles()
    {
        using var t = new TableFixture();
        var a = await t.WriteFileAsync("2020-11-01", 2);
        var b = await t.WriteFileAsync("2020-11-02", 2);
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, a, b);
        File.Delete(Path.Combine(t.Root, a.RelativePath));
        await File.AppendAllTextAsync(Path.Combine(t.Root, b.RelativePath), "x");
        var problems = await DeltaMaintenance.CheckAsync(t.Log);
        Assert.Equal([(a.RelativePath, "missing"), (b.RelativePath, $"size {b.Size + 1} bytes, the log records {b.Size}")],
            problems.Select(p => (p.Path, p.Problem)));
    }

    [Fact]
    public async Task Convert_TurnsAPlainParquetFolderIntoADeltaTableLosingNothing()
    {
        using var temp = new TempDir();
        var root = Path.Combine(temp.Path, "daily_country");
        Directory.CreateDirectory(root);
        DuckDbFiles.Scalar($"copy (select 'c' || i as country, cast(i as bigint) as confirmed, date '2020-11-01' + cast(i % 3 as integer) as report_date " +
            $"from range(30) t(i)) to '{root}' (format parquet, partition_by (report_date))");
        var log = DeltaLog.ForPath(root);
        var result = await DeltaMaintenance.ConvertAsync(log);
        Assert.Equal(0, result.Version);
        var s = await log.GetSnapshotAsync();
        Assert.Equal(["report_date"], s.PartitionColumns);
        Assert.Equal(["country", "confirmed", "report_date"], DeltaSchema.Parse(s.Metadata.SchemaString).Select(f => f.Name));
        Assert.Equal(["string", "long", "date"], DeltaSchema.Parse(s.Metadata.SchemaString).Select(f => f.Type));
        Assert.Equal(30, s.NumRecords);
        Assert.Equal(30, DuckDbFiles.Count(root, s));
        Assert.Equal(["2020-11-01", "2020-11-02", "2020-11-03"], s.Files.Select(f => f.PartitionValues["report_date"]!).Distinct().Order());
        await Assert.ThrowsAsync<DeltaWriteException>(() => DeltaMaintenance.ConvertAsync(log));
    }
}
