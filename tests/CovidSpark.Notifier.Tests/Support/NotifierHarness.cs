using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using CovidSpark.Aws;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Events;
using CovidSpark.Notifier.Lambda;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Streams;
using CovidSpark.Testing;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier.Tests.Support;

/// <summary>
/// Everything one end-to-end test needs: a fresh ledger table with a stream in the shared moto, local HTTP servers
/// playing Slack and Chime behind secret-looking webhook URLs, a fake clock, and the notifier wired as in production.
/// </summary>
public sealed class NotifierHarness : IAsyncDisposable
{
    public const string SlackSecretPath = "services/T0SECRETT/B0SECRETB/xoxSlackSecret42";
    public const string ChimeSecretPath = "incomingwebhooks/0b1d-SECRET?token=ChimeSecretToken77";
    public const string TeamsSecretPath = "workflows/5ecret0flow/triggers/manual/paths/invoke?api-version=1&sig=TeamsSecretSig99";

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    private NotifierHarness(MotoServer moto, LedgerTable table, LoopbackHttpServer slack, LoopbackHttpServer chime, LoopbackHttpServer teams)
    {
        Moto = moto;
        Table = table;
        Slack = slack;
        Chime = chime;
        Teams = teams;
        SlackUrl = slack.BaseUri + SlackSecretPath;
        ChimeUrl = chime.BaseUri + ChimeSecretPath;
        TeamsUrl = teams.BaseUri + TeamsSecretPath;
        _env["SLACK_URL"] = SlackUrl;
        _env["CHIME_URL"] = ChimeUrl;
        _env["TEAMS_URL"] = TeamsUrl;
        Delay = new FakeDelay(Time);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Streams = new DynamoDbStreamsClient(new AwsJsonClient(AwsServiceDescriptor.DynamoDbStreams, _http, new AwsClientOptions
        {
            Region = MotoServer.Region,
            EndpointUrl = moto.Endpoint,
            Credentials = Credentials,
            Environment = _ => null,
        }));
    }

    public static BasicAWSCredentials Credentials { get; } = new(MotoServer.AccessKey, MotoServer.SecretKey);

    public MotoServer Moto { get; }
    public LedgerTable Table { get; }
    public LoopbackHttpServer Slack { get; }
    public LoopbackHttpServer Chime { get; }
    public string SlackUrl { get; }
    public string ChimeUrl { get; }
    /// <summary>Plays a Teams Workflows webhook (answers 202 Accepted, as Workflows do).</summary>
    public LoopbackHttpServer Teams { get; }
    public string TeamsUrl { get; }

    /// <summary>A Teams room getting every state (add it to <see cref="Options"/> where a test wants Teams).</summary>
    public static Destination TeamsRoom { get; } = new("ops", DestinationKind.Teams, SecretReference.Parse("env:TEAMS_URL"), new HashSet<string>());
    public ManualClock Time { get; } = new(new DateTimeOffset(2020, 11, 10, 6, 0, 0, TimeSpan.Zero), ClockTimers.OnAdvance);
    public FakeDelay Delay { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    public ILoggerFactory LoggerFactory { get; }
    public IDynamoDbStreams Streams { get; }

    /// <summary>Slack gets every state, Chime every state; tests narrow this with <c>with</c>.</summary>
    public NotifierOptions Options { get; set; } = new()
    {
        Destinations =
        [
            new Destination("team", DestinationKind.Slack, SecretReference.Parse("env:SLACK_URL"), new HashSet<string>()),
            new Destination("oncall", DestinationKind.Chime, SecretReference.Parse("env:CHIME_URL"), new HashSet<string>()),
        ],
        Retry = CovidSpark.Notifier.Delivery.WebhookRetryPolicy.Default with { AttemptTimeout = TimeSpan.FromSeconds(30) },
        AllowInsecureWebhooks = true, // the local servers are plain http on loopback
    };

    public IAmazonSimpleSystemsManagement? Ssm { get; set; }

    /// <summary>Sets a variable the notifier's <c>env:</c> references read.</summary>
    public void SetVariable(string name, string value) => _env[name] = value;

    /// <summary>One Slack room reached through a bot token (env:SLACK_TOKEN) on <paramref name="api"/>, channel C0TEAM0001.</summary>
    public void UseSlackBot(SlackApiServer api, string token = SlackApiServer.Token, IReadOnlySet<string>? states = null)
    {
        SetVariable("SLACK_TOKEN", token);
        Options = Options with
        {
            Destinations = [new Destination("team", DestinationKind.Slack, null, states ?? new HashSet<string>()) { Bot = new SlackBot(SecretReference.Parse("env:SLACK_TOKEN"), Channel) }],
            SlackApiUrl = api.ApiUrl,
        };
    }

    public const string Channel = "C0TEAM0001";

    public static async Task<NotifierHarness> CreateAsync(MotoServer moto, Func<RecordedRequest, ScriptedResponse>? slack = null, Func<RecordedRequest, ScriptedResponse>? chime = null,
        Func<RecordedRequest, ScriptedResponse>? teams = null)
    {
        var table = await LedgerTable.CreateAsync(DynamoDb(moto), "jobs-" + Guid.NewGuid().ToString("N")[..12]);
        return new NotifierHarness(moto, table, new LoopbackHttpServer(slack), new LoopbackHttpServer(chime),
            new LoopbackHttpServer(teams ?? (_ => new ScriptedResponse(202))));
    }

    public static AmazonDynamoDBClient DynamoDb(MotoServer moto) =>
        new(Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region, MaxErrorRetry = 0 });

    public static AmazonSimpleSystemsManagementClient SsmClient(MotoServer moto) =>
        new(Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region, MaxErrorRetry = 0 });

    public NotifierBuilder Builder() => new()
    {
        Options = Options,
        Table = Table.Name,
        DynamoDb = Table.Client,
        Ssm = Ssm,
        Http = _http,
        Time = Time,
        Delay = Delay,
        Random = new Random(7),
        Environment = k => _env.TryGetValue(k, out var v) ? v : null,
        LoggerFactory = LoggerFactory,
    };

    /// <summary>Runs the local poller once (like <c>covidspark notify drain</c>).</summary>
    public Task<DrainReport> DrainAsync() => Builder().BuildDrainer(Streams).DrainAsync(Table.Name, CancellationToken.None);

    /// <summary>The Lambda handler as it would be invoked.</summary>
    public NotifierFunction Function() => Builder().BuildFunction();

    /// <summary>Every record now on the table's stream, read through the poller's client (TRIM_HORIZON to the end).</summary>
    public async Task<List<DynamoDbStreamRecord>> ReadStreamAsync()
    {
        var arn = (await Table.Client.DescribeTableAsync(Table.Name)).Table.LatestStreamArn;
        var description = await Streams.DescribeStreamAsync(arn, null, CancellationToken.None);
        var records = new List<DynamoDbStreamRecord>();
        foreach (var shard in description.Shards)
        {
            var it = await Streams.GetShardIteratorAsync(new GetShardIteratorRequest { StreamArn = arn, ShardId = shard.ShardId, ShardIteratorType = "TRIM_HORIZON" }, CancellationToken.None);
            while (it is not null)
            {
                var page = await Streams.GetRecordsAsync(it, 1000, CancellationToken.None);
                if (page.Records.Count == 0) break;
                records.AddRange(page.Records);
                it = page.NextShardIterator;
            }
        }
        return records;
    }

    /// <summary>The JSON a Lambda invocation would carry for <paramref name="records"/>.</summary>
    public static string LambdaEvent(IEnumerable<DynamoDbStreamRecord> records) =>
        System.Text.Json.JsonSerializer.Serialize(new DynamoDbStreamEvent { Records = [.. records] }, NotifierJsonContext.Default.DynamoDbStreamEvent);

    public async ValueTask DisposeAsync()
    {
        await Slack.DisposeAsync();
        await Chime.DisposeAsync();
        await Teams.DisposeAsync();
        LoggerFactory.Dispose();
        _http.Dispose();
        Table.Client.Dispose();
        Ssm?.Dispose();
    }
}
