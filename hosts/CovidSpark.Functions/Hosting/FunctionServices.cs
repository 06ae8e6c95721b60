using Amazon.DynamoDBv2;
using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Launcher.Config;
using CovidSpark.Ledger;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Functions.Hosting;

/// <summary>
/// What handlers are built from: environment, clock, loggers, AWS settings and lazily created clients. One per process
/// (created at init, reused across invocations — the warm path); disposes what it created and anything passed to <see cref="Track{T}"/>.
/// </summary>
public sealed class FunctionServices : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Lazy<HttpClient> _http;
    private readonly Lazy<AmazonDynamoDBClient> _dynamo;
    private LauncherConfig? _config;

    public FunctionServices(Func<string, string?> environment, TimeProvider time, ILoggerFactory loggers, AwsClientOptions? aws = null)
    {
        Environment = environment;
        Time = time;
        Loggers = loggers;
        Aws = aws ?? AwsSettingsResolver.FromOptions(null, null, environment, time);
        _http = new Lazy<HttpClient>(() => Track(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }));
        _dynamo = new Lazy<AmazonDynamoDBClient>(() => Track(DynamoDbClientFactory.Create(Aws)));
    }

    public Func<string, string?> Environment { get; }
    public TimeProvider Time { get; }
    public ILoggerFactory Loggers { get; }
    public AwsClientOptions Aws { get; }

    /// <summary>emr-config.json, loaded and validated once (<see cref="FunctionEnvironment.Config"/>).</summary>
    /// <exception cref="EmrConfigException">The configuration is missing or invalid.</exception>
    public LauncherConfig Config => _config ??= LoadConfig();

    /// <summary>The EMR client.</summary>
    public IEmrClient Emr => new EmrClient(_http.Value, Aws, Loggers.CreateLogger<AwsJsonClient>());

    /// <summary>The job ledger on <see cref="FunctionEnvironment.Table"/>, else <c>ledgerTable</c> of emr-config.json.</summary>
    public IJobLedger Ledger
    {
        get
        {
            var table = LedgerTableResolver.Resolve(null, Environment, Config.LedgerTable);
            var retention = int.TryParse(Environment(FunctionEnvironment.RetentionDays), out var days) && days > 0 ? days : (int?)null;
            return new JobLedger(_dynamo.Value, new LedgerOptions(table, retention), Time, Loggers.CreateLogger<JobLedger>());
        }
    }

    /// <summary>The cluster-creation lease in the ledger table, so concurrent launches create one cluster.</summary>
    public IClusterLock ClusterLock(string table) => new DynamoDbClusterLock(_dynamo.Value, table, Time);

    /// <summary>Registers something to dispose with the services (e.g. a runtime object a handler factory created).</summary>
    public T Track<T>(T disposable) where T : IDisposable
    {
        lock (_owned) _owned.Add(disposable);
        return disposable;
    }

    private LauncherConfig LoadConfig()
    {
        var path = Environment(FunctionEnvironment.Config) is { Length: > 0 } p ? p : Path.Combine(AppContext.BaseDirectory, "emr-config.json");
        var config = EmrConfigLoader.Load(path);
        return config with { LedgerTable = LedgerTableResolver.Resolve(null, Environment, config.LedgerTable) };
    }

    public void Dispose()
    {
        lock (_owned)
        {
            foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
            _owned.Clear();
        }
    }
}
