using Amazon.DynamoDBv2;
using Amazon.SimpleSystemsManagement;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Idempotency;
using CovidSpark.Notifier.Lambda;
using CovidSpark.Notifier.Processing;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Notifier;

/// <summary>
/// Wires the notifier: one mutable builder, used once by the Lambda bootstrap, the CLI or a test, producing the
/// immutable services. Everything ambient (clock, waiting, HTTP, AWS clients, environment, logging) comes in here.
/// </summary>
/// <example>
/// <code>
/// var function = new NotifierBuilder
/// {
///     Options = NotifierConfigLoader.Load(Environment.GetEnvironmentVariable),
///     Table = "covidspark-jobs",
///     DynamoDb = new AmazonDynamoDBClient(),
///     Ssm = new AmazonSimpleSystemsManagementClient(),
/// }.BuildFunction();
/// </code>
/// </example>
public sealed class NotifierBuilder
{
    /// <summary>Destinations and tuning (see <see cref="NotifierConfigLoader"/>).</summary>
    public required NotifierOptions Options { get; set; }

    /// <summary>The ledger table: sent marks and checkpoints are written there.</summary>
    public required string Table { get; set; }

    /// <summary>DynamoDB client for marks and checkpoints.</summary>
    public required IAmazonDynamoDB DynamoDb { get; set; }

    /// <summary>SSM client for <c>ssm:</c> webhook references; null when only <c>env:</c> references are used.</summary>
    public IAmazonSimpleSystemsManagement? Ssm { get; set; }

    /// <summary>HTTP client for webhooks; by default one without its own timeout (the retry policy sets one per attempt).</summary>
    public HttpClient? Http { get; set; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>How to wait (backoff, pacing); by default real waiting on <see cref="Time"/>.</summary>
    public IDelay? Delay { get; set; }

    /// <summary>Source of jitter.</summary>
    public Random? Random { get; set; }

    /// <summary>Variable lookup for <c>env:</c> references; the process environment by default.</summary>
    public Func<string, string?>? Environment { get; set; }

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Builds the domain service.</summary>
    public NotificationProcessor BuildProcessor()
    {
        var delay = Delay ?? new TimeProviderDelay(Time);
        var http = Http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var webhooks = new WebhookClient(http, new PaceGate(Time, delay), delay, Time, Options.Retry, LoggerFactory.CreateLogger<WebhookClient>(), Random);
        return new NotificationProcessor(Options, BuildSecrets(), webhooks, BuildMarks(), new DynamoDbThreadStore(DynamoDb, Table, Time, Options.MarkRetention),
            Time, delay, LoggerFactory.CreateLogger<NotificationProcessor>());
    }

    /// <summary>Builds the Lambda handler (or, with <paramref name="sender"/> = <c>drain</c>, the handler the local poller feeds).</summary>
    public NotifierFunction BuildFunction(string sender = NotifierFunction.LambdaSender) =>
        new(BuildProcessor(), sender, Options.MissingRun is null ? null : BuildMissingRunCheck());

    /// <summary>Builds the "daily run missing" check.</summary>
    public MissingRunCheck BuildMissingRunCheck() =>
        new(Options, DynamoDb, Table, BuildSecrets(), BuildWebhookClient(), BuildMarks(), Time, LoggerFactory.CreateLogger<MissingRunCheck>());

    /// <summary>Builds the local stream poller over <paramref name="streams"/>.</summary>
    public StreamDrainer BuildDrainer(IDynamoDbStreams streams) =>
        new(DynamoDb, streams, new DynamoDbCheckpointStore(DynamoDb, Table, Time), BuildFunction("drain"), LoggerFactory.CreateLogger<StreamDrainer>());

    /// <summary>Builds the secret resolver (SSM when a client is set, environment always).</summary>
    public ISecretResolver BuildSecrets() =>
        new SecretResolver(Ssm is null ? null : new SsmSecretResolver(Ssm, Time), new EnvironmentSecretResolver(Environment));

    /// <summary>Builds a webhook client (used by <c>notify test</c>).</summary>
    public WebhookClient BuildWebhookClient()
    {
        var delay = Delay ?? new TimeProviderDelay(Time);
        return new WebhookClient(Http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, new PaceGate(Time, delay), delay, Time, Options.Retry,
            LoggerFactory.CreateLogger<WebhookClient>(), Random);
    }

    private DynamoDbSentMarkStore BuildMarks() => new(DynamoDb, Table, Time, Options.ClaimLease, Options.MarkRetention);
}
