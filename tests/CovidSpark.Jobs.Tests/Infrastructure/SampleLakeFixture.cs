namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>
/// The main command run once, in-process, on the shipped sample (all 16 days, all jobs) into a temp lake; the tests of the
/// trusted and refined numbers, the manifest and the report read that lake.
/// </summary>
public sealed class SampleLakeFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("covidspark-sample-lake");

    public string LakePath => _dir.Combine("lake");

    internal CliResult Run { get; private set; } = null!;

    public async Task InitializeAsync() => Run = await JobsCli.RunAsync("run", "--lake", LakePath, "--quiet");

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SampleLakeCollection : ICollectionFixture<SampleLakeFixture>
{
    public const string Name = "sample lake (main command on data/sample)";
}
