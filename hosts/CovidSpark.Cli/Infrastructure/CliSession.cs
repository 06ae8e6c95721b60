using System.CommandLine;
using Amazon.DynamoDBv2;
using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Hosting.Logging;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>The clients and services one command invocation uses, resolved from the global options and the environment.</summary>
public sealed class CliSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly ILoggerFactory _loggers;

    private CliSession(CliServices cli, AwsClientOptions aws, LauncherConfig? config, string table, ILoggerFactory loggers, TimeSpan timeout)
    {
        Cli = cli;
        Aws = aws;
        Config = config;
        _loggers = loggers;
        var connect = timeout < ConnectTimeout ? timeout : ConnectTimeout;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = connect }) { Timeout = timeout };
        // The SDK's DynamoDB default is 10 retries with backoff: against an endpoint that refuses connections, minutes of silence.
        _dynamo = DynamoDbClientFactory.Create(aws, c =>
        {
            c.Timeout = timeout;
            c.MaxErrorRetry = 2;
            c.HttpClientFactory = new LoggingHttpClientFactory(connect, loggers.CreateLogger("CovidSpark.Cli.Aws"));
        });
        Emr = new EmrClient(_http, aws, loggers.CreateLogger<AwsJsonClient>());
        Ledger = new JobLedger(_dynamo, new LedgerOptions(table), cli.Time, loggers.CreateLogger<JobLedger>());
    }

    /// <summary>The longest a connection attempt may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public CliServices Cli { get; }
    public AwsClientOptions Aws { get; }
    public IEmrClient Emr { get; }
    public IJobLedger Ledger { get; }
    public IAmazonDynamoDB DynamoDb => _dynamo;

    /// <summary>Loggers of this invocation (console at debug level with --verbose, else none).</summary>
    public ILoggerFactory Loggers => _loggers;

    /// <summary>The loaded emr-config.json (null for commands that do not need it).</summary>
    public LauncherConfig? Config { get; }

    /// <summary>The latest date a launch accepts: yesterday in UTC.</summary>
    public DateOnly LatestDate => DateOnly.FromDateTime(Cli.Time.GetUtcNow().UtcDateTime).AddDays(-1);

    /// <summary>The configuration, for commands that required it.</summary>
    public LauncherConfig RequiredConfig => Config ?? throw new InvalidOperationException("this command did not load emr-config.json");

    /// <summary>The launcher; honours the fault-injection hook <see cref="KillAtSubmitPoint.Variable"/> (crash drills, tests).</summary>
    public LaunchService Launcher() => new(RequiredConfig, Emr, Ledger, Cli.Time, LauncherOptions.Default with { Faults = KillAtSubmitPoint.FromEnvironment(Cli.Environment) },
        _loggers, new DynamoDbClusterLock(_dynamo, Ledger.TableName, Cli.Time));

    public ReconcileService Reconciler() => new(Emr, Ledger, Cli.Time, null, _loggers.CreateLogger<ReconcileService>());

    /// <summary>
    /// Resolves options: <c>--table</c> &gt; COVIDSPARK_TABLE &gt; emr-config.json &gt; default (<see cref="LedgerTableResolver"/>);
    /// region, endpoint and credentials by <see cref="AwsSettingsResolver"/> (option &gt; environment &gt; AWS configuration &gt; default).
    /// </summary>
    /// <exception cref="EmrConfigException">emr-config.json is needed and invalid.</exception>
    /// <exception cref="CliUsageException">An option value is unusable.</exception>
    /// <exception cref="AwsConfigurationException"><c>--endpoint-url</c> is not an absolute http(s) URL (a usage error).</exception>
    public static async Task<CliSession> OpenAsync(ParseResult parse, CliServices cli, bool needsConfig, CancellationToken ct)
    {
        var g = cli.Globals;
        var aws = AwsSettingsResolver.FromOptions(parse.GetValue(g.Region), parse.GetValue(g.EndpointUrl), cli.Environment, cli.Time);
        LauncherConfig? config = null;
        if (needsConfig)
        {
            config = await EmrConfigLoader.LoadAsync(ConfigLocator.Resolve(parse, g), ct).ConfigureAwait(false);
            if (parse.GetValue(g.ClusterName) is { Length: > 0 } name) config = config.WithClusterName(name);
        }
        var table = LedgerTableResolver.Resolve(parse.GetValue(g.Table), cli.Environment, config?.LedgerTable);
        if (config is not null) config = config with { LedgerTable = table };
        var loggers = HostLogging.CommandLine(HostLogging.Verbosity(parse.GetValue(g.Verbose), LogLevel.None));
        if (parse.GetValue(g.Timeout) is var seconds and < 1) throw new CliUsageException($"--timeout must be at least 1 second, got {seconds}");
        return new CliSession(cli, aws, config, table, loggers, TimeSpan.FromSeconds(parse.GetValue(g.Timeout)));
    }

    public void Dispose()
    {
        _dynamo.Dispose();
        _http.Dispose();
        _loggers.Dispose();
    }
}
