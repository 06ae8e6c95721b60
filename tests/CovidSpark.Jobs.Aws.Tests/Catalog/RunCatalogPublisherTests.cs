using CovidSpark.Aws;
using CovidSpark.Aws.Glue;
using CovidSpark.Aws.Glue.Catalog;
using CovidSpark.Jobs.Aws.Catalog;
using CovidSpark.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Jobs.Aws.Tests.Catalog;

/// <summary><c>covidspark-jobs run --catalog-database</c>: the sync after a run, on a local lake, and what a failed sync does to the run.</summary>
[Collection(MotoCollection.Name)]
public sealed class RunCatalogPublisherTests(MotoServer moto) : IAsyncLifetime
{
    private CatalogLake _lake = null!;

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        _lake = await CatalogLake.CreateAsync(moto, upload: false);
    }

    public Task DisposeAsync()
    {
        _lake.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task After_a_run_the_local_lake_is_registered_and_the_summary_names_the_outcome()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var report = await new RunCatalogPublisher("covidspark", _lake.Aws, NullLoggerFactory.Instance, TimeProvider.System)
            .PublishAsync(_lake.Local, output, error, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal("Catalog: Glue database covidspark: 12 created", output.ToString().Trim());
        Assert.Empty(error.ToString());
        using var http = new HttpClient();
        var table = (await _lake.Glue(http).GetTableAsync(new CovidSpark.Aws.Glue.Model.GetTableRequest("covidspark", "daily_region"))).Table;
        Assert.Equal(new Uri(Path.Combine(_lake.Local, "trusted", "daily_region")).AbsoluteUri, table.StorageDescriptor!.Location);
    }

    [Fact]
    public async Task A_sync_that_cannot_reach_Glue_is_a_warning_not_an_exception()
    {
        var unreachable = _lake.Aws with { EndpointUrl = new Uri($"http://127.0.0.1:{MotoServer.FreePort()}") };
        var output = new StringWriter();
        var error = new StringWriter();
        var report = await new RunCatalogPublisher("covidspark", unreachable, NullLoggerFactory.Instance, TimeProvider.System)
            .PublishAsync(_lake.Local, output, error, CancellationToken.None);

        Assert.Null(report);
        Assert.StartsWith("warning: the run's tables are committed, but registering them in Glue database covidspark failed:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("covidspark catalog sync", error.ToString(), StringComparison.Ordinal);
    }
}
