using Amazon.DynamoDBv2;
using Amazon.SimpleSystemsManagement;
using CovidSpark.Aws;
using CovidSpark.Notifier.Lambda;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Notifier.Hosting;

/// <summary>
/// The notifier with real AWS clients, for the Lambda bootstrap and the CLI: DynamoDB and SSM through AWSSDK, DynamoDB
/// Streams through the signed JSON client, all pointed at the same region/endpoint/credentials (<see cref="AwsClientOptions"/>,
/// so <c>--endpoint-url</c> or <c>AWS_ENDPOINT_URL</c> sends everything to moto). Owns and disposes the clients.
/// </summary>
public sealed class NotifierRuntime : IDisposable
{
    /// <summary>Variable naming the ledger table in the Lambda environment.</summary>
    public const string TableVariable = LedgerContract.TableVariable;

    /// <summary>The ledger table used when none is named.</summary>
    public const string DefaultTable = LedgerContract.DefaultTable;

    private readonly AmazonDynamoDBClient _ddb;
    private readonly AmazonSimpleSystemsManagementClient _ssm;
    private readonly HttpClient _http;
    private readonly AwsClientOptions _aws;
    private readonly ILoggerFactory _loggers;

    private NotifierRuntime(AmazonDynamoDBClient ddb, AmazonSimpleSystemsManagementClient ssm, HttpClient http, AwsClientOptions aws, ILoggerFactory loggers, NotifierBuilder builder)
    {
        (_ddb, _ssm, _http, _aws, _loggers) = (ddb, ssm, http, aws, loggers);
        Builder = builder;
    }

    /// <summary>The wiring; adjust before building if needed.</summary>
    public NotifierBuilder Builder { get; }

    /// <summary>Creates the runtime.</summary>
    /// <param name="table">The ledger table.</param>
    /// <param name="options">Destinations and tuning (usually <see cref="NotifierConfigLoader.Load"/>).</param>
    /// <param name="aws">Region, endpoint and credentials; the AWS environment fills what is unset.</param>
    /// <param name="loggers">Logging; none by default.</param>
    /// <param name="environment">Variable lookup for <c>env:</c> webhook references; the process environment by default.</param>
    /// <exception cref="AwsConfigurationException">No region, or an invalid endpoint override.</exception>
    public static NotifierRuntime Create(string table, NotifierOptions options, AwsClientOptions? aws = null, ILoggerFactory? loggers = null, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(options);
        aws ??= new AwsClientOptions();
        loggers ??= NullLoggerFactory.Instance;
        var region = AwsSettingsResolver.ResolveRegion(aws);
        var ddb = DynamoDbClientFactory.Create(aws);
        var ssm = AwsSdkClientFactory.Create(AwsServiceDescriptor.Ssm, aws, (AmazonSimpleSystemsManagementConfig c) => new AmazonSimpleSystemsManagementClient(c));
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var builder = new NotifierBuilder
        {
            Options = options with { DefaultRegion = region },
            Table = table,
            DynamoDb = ddb,
            Ssm = ssm,
            Http = http,
            Time = aws.Time,
            Environment = environment,
            LoggerFactory = loggers,
        };
        return new NotifierRuntime(ddb, ssm, http, aws, loggers, builder);
    }

    /// <summary>
    /// The Lambda's wiring from its environment: table from <c>COVIDSPARK_TABLE</c> (default <c>covidspark-jobs</c>),
    /// destinations from <see cref="NotifierConfigLoader"/>, AWS settings from the standard variables.
    /// </summary>
    /// <param name="environment">Variable lookup; the process environment by default.</param>
    /// <param name="loggers">Logging; none by default.</param>
    /// <param name="aws">AWS settings shared with the host's other clients; by default resolved from <paramref name="environment"/>.</param>
    /// <exception cref="NotifierConfigException">The notifier configuration is missing or invalid.</exception>
    /// <example>Registered in the Lambda host (hosts/CovidSpark.Functions):
    /// <code>.Add("notifier", s => JsonTextHandler.From(s.Track(NotifierRuntime.FromEnvironment(s.Environment, s.Loggers, s.Aws)).Function().HandleJsonAsync))</code>
    /// </example>
    public static NotifierRuntime FromEnvironment(Func<string, string?>? environment = null, ILoggerFactory? loggers = null, AwsClientOptions? aws = null)
    {
        environment ??= System.Environment.GetEnvironmentVariable;
        var table = LedgerTableResolver.Resolve(null, environment, null);
        var options = NotifierConfigLoader.Load(environment);
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<NotifierRuntime>();
        foreach (var warning in options.Warnings) Log.ConfigurationWarning(logger, warning);
        return Create(table, options, aws ?? AwsSettingsResolver.FromOptions(null, null, environment), loggers, environment);
    }

    /// <summary>The Lambda handler.</summary>
    public NotifierFunction Function() => Builder.BuildFunction();

    /// <summary>The local stream poller (<c>notify drain</c>).</summary>
    public StreamDrainer Drainer() =>
        Builder.BuildDrainer(new DynamoDbStreamsClient(new AwsJsonClient(AwsServiceDescriptor.DynamoDbStreams, _http, _aws, _loggers.CreateLogger<AwsJsonClient>())));

    /// <summary>The "daily run missing" check (<c>notify check-missing</c>).</summary>
    public Processing.MissingRunCheck MissingRunCheck() => Builder.BuildMissingRunCheck();

    /// <summary>The webhook checker (<c>notify test</c>).</summary>
    public NotifyTester Tester() => new(Builder.Options, Builder.BuildSecrets(), Builder.BuildWebhookClient(), Builder.Time);

    /// <inheritdoc />
    public void Dispose()
    {
        _ddb.Dispose();
        _ssm.Dispose();
        _http.Dispose();
    }
}
