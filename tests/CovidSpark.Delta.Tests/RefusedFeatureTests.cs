using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;

namespace CovidSpark.Delta.Tests;

/// <summary>Tables whose features would change the rows read are refused with the feature's name — never wrong rows.</summary>
public sealed class RefusedFeatureTests
{
    [Theory]
    [InlineData("dv-partitioned-with-checkpoint", "deletionVectors")]
    [InlineData("dv-with-columnmapping", "deletionVectors")]
    [InlineData("table-with-columnmapping-mode-id", "columnMapping")]
    [InlineData("table-with-columnmapping-mode-name", "columnMapping")]
    [InlineData("data-skipping-basic-stats-all-types-columnmapping-id", "columnMapping")]
    [InlineData("type-widening", "typeWidening-preview")]
    [InlineData("type-widening-nested", "typeWidening-preview")]
    [InlineData("spark-variant-checkpoint", "variantType-preview")]
    [InlineData("deltalog-invalid-protocol-version", "readerVersion 99")]
    public async Task Read_IsRefusedNamingTheFeature(string table, string feature)
    {
        var e = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => DeltaLog.ForPath(TestPaths.Golden(table)).GetSnapshotAsync());
        Assert.Equal(feature, e.Feature);
        Assert.Contains(feature, e.Message);
        Assert.Contains(table, e.Message);
    }

    [Theory]
    [InlineData("basic-with-vacuum-protocol-check-feature")]
    [InlineData("data-reader-timestamp_ntz")]
    [InlineData("collations-table")]
    public async Task Read_FeaturesThatDoNotChangeRowsAreAccepted(string table)
    {
        var s = await DeltaLog.ForPath(TestPaths.Golden(table)).GetSnapshotAsync();
        Assert.True(s.Version >= 0);
    }

    [Fact]
    public async Task TypeWidening_VersionsBeforeTheFeatureAreStillReadable()
    {
        var s = await DeltaLog.ForPath(TestPaths.Golden("type-widening")).GetSnapshotAsync(0);
        Assert.Equal(1, s.Protocol.MinReaderVersion);
    }

    [Fact]
    public async Task Write_ToATableWithAWriterFeatureWeDoNotMaintainIsRefused()
    {
        using var temp = new TempDir();
        var root = TestPaths.CopyGolden("collations-table", temp);
        var log = DeltaLog.ForPath(root);
        var txn = log.StartTransaction(await log.GetSnapshotAsync());
        var e = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => txn.CommitAsync(new Transactions.CommitOptions("WRITE")));
        Assert.Equal("domainMetadata", e.Feature);
    }
}
