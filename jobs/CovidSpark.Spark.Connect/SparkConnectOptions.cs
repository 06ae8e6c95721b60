using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Recording;

namespace CovidSpark.Spark.Connect;

/// <summary>Settings of a <see cref="SparkConnectEngine"/>; immutable, change with <c>with { ... }</c>.</summary>
public sealed record SparkConnectOptions
{
    /// <summary>Where and as whom to connect.</summary>
    public required SparkConnectConnectionString Connection { get; init; }

    /// <summary>Backoff for transient failures; <see cref="RetryPolicy.Default"/> unless set.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// Receives every <c>Plan</c> the engine sends (queries, temp-view commands, writes, schema requests), in order.
    /// <see cref="DirectoryPlanRecorder"/> writes them to a folder (<c>--plan-out</c>).
    /// </summary>
    public IPlanRecorder? PlanRecorder { get; init; }

    /// <summary>
    /// When true nothing is sent: plans are compiled and recorded, queries return empty results with the
    /// schema unknown (no columns) and writes report 0 rows. For <c>--dry-run</c>.
    /// </summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// The Spark version a dry run compiles for (<see cref="SparkTarget.Default"/>, Spark 4.0, unless set). With a server
    /// this is ignored: the engine asks the server its version once per session and compiles for that.
    /// </summary>
    public SparkTarget SparkVersion { get; init; } = SparkTarget.Default;

    /// <summary>
    /// How long the first call of a session waits for a server that does not answer yet (a cluster whose Spark Connect
    /// server is still starting). Zero (the default) gives up after <see cref="Retry"/>. When the time is up the action
    /// fails with <see cref="Errors.SparkConnectUnavailableException"/>, naming <see cref="ServerLogHint"/>.
    /// </summary>
    public TimeSpan StartupTimeout { get; init; }

    /// <summary>Where the server's log is (e.g. the bootstrap log on EMR); named when the server never answers.</summary>
    public string? ServerLogHint { get; init; }

    /// <summary>Plan ids of this session; a fresh generator (ids from 0) unless set.</summary>
    public PlanIdGenerator PlanIds { get; init; } = new();

    /// <summary>How long to wait for the server to acknowledge an interrupt after cancellation.</summary>
    public TimeSpan InterruptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for backoff delays (tests inject a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Extra headers asked for before every call, for credentials that expire (EMR's <c>x-aws-proxy-auth</c>
    /// session tokens): return the current value and refresh it in the provider. Sent in addition to the
    /// connection string's headers; do not repeat a name given there.
    /// </summary>
    public Func<CancellationToken, ValueTask<IReadOnlyDictionary<string, string>>>? HeaderProvider { get; init; }

    /// <summary>Custom HTTP handler for the gRPC channel (proxies, custom certificates); null for the default.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Options for a connection string (see <see cref="SparkConnectConnectionString.Parse"/>).</summary>
    public static SparkConnectOptions FromConnectionString(string connectionString) =>
        new() { Connection = SparkConnectConnectionString.Parse(connectionString) };
}
