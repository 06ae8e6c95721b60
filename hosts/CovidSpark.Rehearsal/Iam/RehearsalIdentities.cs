using Amazon.Runtime;
using CovidSpark.Aws;

namespace CovidSpark.Rehearsal.Iam;

/// <summary>The functions the rehearsal runs, each with the template role whose policy it gets.</summary>
public static class RehearsedFunctions
{
    public const string Launcher = "launcher", Tracker = "tracker", Notifier = "notifier", Job = "job";

    /// <summary>Function → the role's logical id in deploy/template.yaml.</summary>
    public static readonly IReadOnlyDictionary<string, string> Roles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Launcher] = "LauncherRole",
        [Tracker] = "TrackerRole",
        [Notifier] = "NotifierRole",
        [Job] = "EmrInstanceRole",
    };

    /// <summary>
    /// Actions the rehearsal's stand-ins for AWS plumbing call with a function's credentials, which the deployed function never
    /// calls: they are granted to the function's moto user on top of its role and left out of the comparison.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> StandIns = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
    {
        [Notifier] = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["dynamodb:DescribeTable"] = "the stream drain (standing in for the event source mapping) looks the stream up; the Lambda is given its records",
        },
    };
}

/// <summary>What a stack deployed for the rehearsal would hold, for resolving the template's policies.</summary>
/// <param name="Stack">Stack name (the EMR role names derive from it).</param>
/// <param name="Region">Region.</param>
/// <param name="Account">moto's account id.</param>
/// <param name="Table">Ledger table.</param>
/// <param name="StreamArn">The table's stream.</param>
/// <param name="Bucket">Data-lake bucket.</param>
/// <param name="ClusterName">Cluster name (the tag the launcher may change).</param>
/// <param name="SlackBotTokenParameter">The SSM parameter holding the Slack bot token (the Teams webhook URL is handed over directly).</param>
public sealed record RehearsalStack(string Stack, string Region, string Account, string Table, string StreamArn, string Bucket, string ClusterName, string SlackBotTokenParameter)
{
    /// <summary>moto's default account.</summary>
    public const string MotoAccount = "123456789012";

    /// <summary>The EMR service role name, as the template names it.</summary>
    public string EmrServiceRole => $"{Stack}-emr-service";

    /// <summary>The EMR instance role (and profile) name.</summary>
    public string EmrInstanceRole => $"{Stack}-emr-instance";

    /// <summary>Parameters, pseudo parameters and resource attributes the role policies refer to.</summary>
    public IReadOnlyDictionary<string, string> Values()
    {
        string LogGroup(string name) => $"arn:aws:logs:{Region}:{Account}:log-group:{name}:*";
        var tableArn = $"arn:aws:dynamodb:{Region}:{Account}:table/{Table}";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS::Partition"] = "aws", ["AWS::Region"] = Region, ["AWS::AccountId"] = Account, ["AWS::StackName"] = Stack, ["AWS::URLSuffix"] = "amazonaws.com",
            ["LedgerTable"] = Table, ["LedgerTableName"] = Table, ["LedgerTable.Arn"] = tableArn, ["LedgerTable.StreamArn"] = StreamArn,
            ["LakeBucket"] = Bucket, ["BucketName"] = Bucket, ["LakeBucket.Arn"] = $"arn:aws:s3:::{Bucket}",
            ["LauncherLogGroup.Arn"] = LogGroup($"/aws/lambda/{Stack}-launcher"), ["TrackerLogGroup.Arn"] = LogGroup($"/aws/lambda/{Stack}-tracker"),
            ["NotifierLogGroup.Arn"] = LogGroup($"/aws/lambda/{Stack}-notifier"), ["FailedStepsLogGroup.Arn"] = LogGroup($"/aws/events/{Stack}/failed-steps"),
            ["EmrServiceRole"] = EmrServiceRole, ["EmrServiceRole.Arn"] = $"arn:aws:iam::{Account}:role/{EmrServiceRole}",
            ["EmrInstanceRole"] = EmrInstanceRole, ["EmrInstanceRole.Arn"] = $"arn:aws:iam::{Account}:role/{EmrInstanceRole}",
            ["NotifierDeadLetterQueue.Arn"] = $"arn:aws:sqs:{Region}:{Account}:{Stack}-notifier-dlq",
            ["ClusterName"] = ClusterName, ["GlueDatabaseName"] = RehearsalRunner.CatalogDatabase,
            ["SlackWebhookParameterName"] = "", ["ChimeWebhookParameterName"] = "", ["TeamsWebhookParameterName"] = "",
            ["SlackBotTokenParameterName"] = SlackBotTokenParameter, ["SlackChannel"] = Hosting.ChatRooms.Channel, ["WebhookKmsKeyArn"] = "", ["MissingRunHourUtc"] = "",
            ["SparkConnectTokenParameterName"] = "", ["SparkConnectTokenKmsKeyArn"] = "", ["EnableSsmSessions"] = "false",
        };
    }

    /// <summary>The template conditions for this stack: functions and a notifier with a Slack bot; no Slack or Teams webhook parameter, Chime, customer KMS key or missing-run check; EMR 7.x (no Spark Connect token, no SSM sessions).</summary>
    public static IReadOnlyDictionary<string, bool> Conditions { get; } = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["HasFunctions"] = true, ["HasNotifier"] = true, ["HasSlack"] = false, ["HasChime"] = false, ["HasTeams"] = false, ["HasSlackBot"] = true,
        ["HasWebhookKey"] = false, ["HasAlarmEmail"] = false, ["HasBucketName"] = true, ["HasNotifyStates"] = false, ["HasMissingRunCheck"] = false,
        ["HasSparkConnectToken"] = false, ["HasSparkConnectTokenKey"] = false, ["HasSsmSessions"] = false,
    };
}

/// <summary>
/// The rehearsal's identities on moto: one IAM user per function holding its template role's actions (moto enforces actions; see
/// <see cref="RolePolicy.ActionsOnlyDocument"/>), the recording
/// proxy the functions call through, and moto's IAM enforcement switched on (and off again on dispose, so a shared moto_server
/// keeps serving other clients). <see cref="Audit"/> compares what each function called with its role.
/// </summary>
public sealed class RehearsalIdentities : IAsyncDisposable
{
    private readonly LocalIam _iam;
    private readonly RecordingProxy _proxy;
    private readonly Dictionary<string, LocalPrincipal> _principals;

    private RehearsalIdentities(LocalIam iam, RecordingProxy proxy, Dictionary<string, LocalPrincipal> principals, IReadOnlyDictionary<string, RolePolicy> roles)
    {
        _iam = iam;
        _proxy = proxy;
        _principals = principals;
        Roles = roles;
    }

    /// <summary>Function → its role's resolved policy.</summary>
    public IReadOnlyDictionary<string, RolePolicy> Roles { get; }

    /// <summary>The endpoint the functions call (the proxy in front of moto).</summary>
    public Uri Endpoint => _proxy.Url;

    /// <summary>The credentials of a function.</summary>
    public LocalPrincipal Principal(string function) => _principals[function];

    /// <summary>AWS options for a function: the proxy as endpoint, its own key.</summary>
    public AwsClientOptions OptionsFor(string function, string region, TimeProvider time) =>
        new() { Region = region, EndpointUrl = Endpoint, Credentials = _principals[function].Credentials, Time = time };

    /// <summary>Creates the users (while moto still accepts anything), starts the proxy and switches enforcement on.</summary>
    /// <param name="moto">moto_server.</param>
    /// <param name="http">For moto's IAM and control API.</param>
    /// <param name="templatePath">deploy/template.yaml.</param>
    /// <param name="stack">The values the policies resolve against.</param>
    /// <param name="admin">The rehearsal's own principal (setup and checks), already created with <see cref="CreateAdminAsync"/>.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<RehearsalIdentities> StartAsync(Uri moto, HttpClient http, string templatePath, RehearsalStack stack, LocalPrincipal admin, CancellationToken ct)
    {
        var iam = new LocalIam(moto, stack.Region, http);
        var template = new TemplatePolicies(templatePath, stack.Values(), RehearsalStack.Conditions);
        var roles = new Dictionary<string, RolePolicy>(StringComparer.Ordinal);
        var principals = new Dictionary<string, LocalPrincipal>(StringComparer.Ordinal) { ["rehearsal"] = admin };
        foreach (var (function, role) in RehearsedFunctions.Roles)
        {
            roles[function] = template.Role(role);
            principals[function] = await iam.CreateUserAsync(function, $"{stack.Stack}-{function}",
                [roles[function].ActionsOnlyDocument(RehearsedFunctions.StandIns.GetValueOrDefault(function)?.Keys ?? [])], ct).ConfigureAwait(false);
        }
        var proxy = RecordingProxy.Start(moto, new AwsRequestClassifier(stack.Region, stack.Account),
            principals.Where(p => p.Key != "rehearsal").ToDictionary(p => p.Value.AccessKeyId, p => p.Key, StringComparer.Ordinal));
        try
        {
            await iam.EnableEnforcementAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new RehearsalIdentities(iam, proxy, principals, roles);
    }

    /// <summary>The rehearsal's own user (allowed everything): setup, EMR's part and the checks use it.</summary>
    public static Task<LocalPrincipal> CreateAdminAsync(Uri moto, HttpClient http, string region, string stack, CancellationToken ct) =>
        new LocalIam(moto, region, http).CreateUserAsync("rehearsal", $"{stack}-rehearsal", ["""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""], ct);

    /// <summary>
    /// Switches moto's enforcement off until the returned scope is disposed. Used while a job process runs: moto computes the
    /// signature of an S3 listing whose prefix holds a <c>/</c> differently from every SDK (it checks the query decoded), so the
    /// job's S3 reads would all be refused. Its calls are still recorded and checked against its role by <see cref="Audit"/>; only
    /// moto's own action check is missing for them. Nothing else calls AWS while a step's process runs.
    /// </summary>
    public async Task<IAsyncDisposable> SuspendEnforcementAsync(CancellationToken ct)
    {
        await _iam.DisableEnforcementAsync(ct).ConfigureAwait(false);
        return new Resume(_iam);
    }

    private sealed class Resume(LocalIam iam) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await iam.EnableEnforcementAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Each function's calls compared with its role.</summary>
    public IReadOnlyList<FunctionPermissions> Audit()
    {
        var calls = _proxy.Calls;
        return RehearsedFunctions.Roles.Keys.Select(f => PermissionAudit.Audit(f, Roles[f],
            calls.Where(c => RehearsedFunctions.StandIns.GetValueOrDefault(f)?.ContainsKey(c.Authorization.Action) != true || c.Principal != f))).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try { await _iam.DisableEnforcementAsync(CancellationToken.None).ConfigureAwait(false); }
        catch (Exception e) when (e is HttpRequestException or RehearsalException or TaskCanceledException) { }
        await _proxy.DisposeAsync().ConfigureAwait(false);
    }
}
