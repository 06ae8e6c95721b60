using CovidSpark.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Rehearsal.Tests;

/// <summary>
/// One moto_server and one rehearsal of two dates (one scheduled launch, one backfill, then a re-issue of the first date re-run
/// as attempt 2), shared by the end-to-end tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RehearsalCollection : ICollectionFixture<RehearsalRun>
{
    public const string Name = "rehearsal";
}

/// <summary>The shared moto_server and the rehearsal run on it.</summary>
public sealed class RehearsalRun : IAsyncLifetime
{
    public static readonly DateOnly From = new(2020, 11, 8), To = new(2020, 11, 9);

    public MotoServer Moto { get; } = new();

    public RehearsalReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Moto.InitializeAsync();
        var options = new RehearsalOptions(From, To, RepoRoot.EmrConfig) { EndpointUrl = Moto.Endpoint, Reissue = true };
        Report = await new RehearsalRunner(options, TimeProvider.System, NullLoggerFactory.Instance, Environment.GetEnvironmentVariable).RunAsync();
    }

    public Task DisposeAsync() => Moto.DisposeAsync();
}
