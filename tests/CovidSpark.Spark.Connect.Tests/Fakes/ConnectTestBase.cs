using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>Starts a fresh fake server per test (≈50 ms) so recorded calls never mix.</summary>
public abstract class ConnectTestBase : IAsyncLifetime
{
    /// <summary>Fast, jitter-free retries so fault tests stay quick.</summary>
    protected static readonly RetryPolicy FastRetry = new()
    {
        MaxRetries = 3, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), Jitter = TimeSpan.Zero,
    };

    internal FakeSparkConnectServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeSparkConnectServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected SparkSession Session(string extra = "", Func<SparkConnectOptions, SparkConnectOptions>? configure = null) =>
        SparkSession.Builder()
            .UseSparkConnect(Server.ConnectionString(extra), o => (configure ?? (x => x))(o with { Retry = FastRetry }))
            .GetOrCreate();
}
