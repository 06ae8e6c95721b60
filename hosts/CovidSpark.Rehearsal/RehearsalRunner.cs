using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;
using CovidSpark.Notifier.Hosting;
using CovidSpark.Notifier.Streams;
using CovidSpark.Rehearsal.Hosting;
using CovidSpark.Rehearsal.Iam;
using CovidSpark.Rehearsal.Steps;
using CovidSpark.Rehearsal.Timeline;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Rehearsal;

/// <summary>
/// The local dress rehearsal of the AWS flow: moto_server as the cloud (DynamoDB ledger with its stream, S3 inputs, SSM webhook
/// parameter, EMR), the real <see cref="LaunchService"/> claiming dates and submitting steps, <see cref="LocalStepRunner"/> playing
/// EMR with the embedded engine and feeding the <see cref="StepStatusTracker"/>, and the notifier's stream drain posting to a local
/// webhook. The first date is launched as the daily schedule does, the rest as one backfill, then the whole range again (refused
/// as duplicates). Every step is recorded on a <see cref="RehearsalTimeline"/>.
/// </summary>
public sealed partial class RehearsalRunner(RehearsalOptions options, TimeProvider time, ILoggerFactory loggers, Func<string, string?> environment)
{
    private readonly ILogger _logger = loggers.CreateLogger<RehearsalRunner>();

    /// <summary>The events so far (complete once <see cref="RunAsync"/> returns).</summary>
    public RehearsalTimeline Timeline { get; } = new(time);

    /// <summary>Runs the rehearsal and reports; it fails only for setup problems, everything else becomes a problem in the report.</summary>
    /// <exception cref="RehearsalException">moto_server, the jobs binary or the sample data are not available.</exception>
    /// <exception cref="EmrConfigException">emr-config.json is invalid.</exception>
    /// <exception cref="InvalidDateRangeException">The dates are reversed, too many or in the future.</exception>
    public async Task<RehearsalReport> RunAsync(CancellationToken ct = default)
    {
        var range = DateRange.Check(options.From, options.To, 31, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1));
        var jobsDll = LocalFiles.JobsDll(options.JobsDll, environment);
        var sample = LocalFiles.SampleRoot(options.SampleRoot);
        var id = $"{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var config = (await EmrConfigLoader.LoadAsync(options.ConfigPath, ct).ConfigureAwait(false)).WithClusterName($"covidspark-rehearsal-{id}");
        config = config with { LedgerTable = $"covidspark-rehearsal-{id}" };
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"covidspark-rehearsal-{id}");
        Directory.CreateDirectory(Path.Combine(work, "steps"));

        MotoProcess? moto = null;
        var keepWork = options.Keep || options.WorkDirectory is not null;
        try
        {
            if (options.EndpointUrl is null)
            {
                moto = await MotoProcess.StartAsync(ct).ConfigureAwait(false);
                Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"moto_server started on {moto.Endpoint} (pid {moto.ProcessId})");
            }
            var endpoint = options.EndpointUrl ?? moto!.Endpoint;
            LogStart(_logger, id, endpoint, range.ToString());
            var report = await RunOnAsync(id, endpoint, config, range, jobsDll, sample, work, ct).ConfigureAwait(false);
            keepWork = options.Keep || options.WorkDirectory is not null || !report.Passed;
            return report with { KeptMotoPid = options.Keep ? moto?.ProcessId : null, WorkDirectory = keepWork ? work : null };
        }
        finally
        {
            if (moto is not null)
            {
                if (!options.Keep) await moto.StopAsync().ConfigureAwait(false);
                await moto.DisposeAsync().ConfigureAwait(false);
            }
            if (!keepWork) TryDelete(work);
        }
    }

    /// <summary>The name of the Glue database the stack creates (template parameter GlueDatabaseName's default) and the steps sync to.</summary>
    public const string CatalogDatabase = "covidspark";

    private async Task CreateCatalogDatabaseAsync(LocalAws aws, CancellationToken ct)
    {
        using var http = new HttpClient();
        var glue = new CovidSpark.Aws.Glue.GlueClient(http, aws.Options);
        try
        {
            await glue.CreateDatabaseAsync(new CovidSpark.Aws.Glue.Model.CreateDatabaseRequest(
                new CovidSpark.Aws.Glue.Model.DatabaseInput(CatalogDatabase, "CovidSpark rehearsal lake tables")), ct).ConfigureAwait(false);
            Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"Glue database {CatalogDatabase} created, as the template's GlueDatabase would be");
        }
        catch (CovidSpark.Aws.Glue.GlueAlreadyExistsException)
        {
            // Another rehearsal on the same moto created it first.
        }
    }

    private async Task<RehearsalReport> RunOnAsync(string id, Uri endpoint, LauncherConfig config, DateRange range, string jobsDll, string sample, string work, CancellationToken ct)
    {
        using var control = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var stackName = $"covidspark-rehearsal-{id}";
        var admin = options.RehearseIam ? await RehearsalIdentities.CreateAdminAsync(endpoint, control, options.Region, stackName, ct).ConfigureAwait(false) : null;
        if (options.RehearseIam)
            config = config with { Cluster = config.Cluster with { Template = config.Cluster.Template with { ServiceRole = $"{stackName}-emr-service", JobFlowRole = $"{stackName}-emr-instance" } } };
        using var aws = new LocalAws(endpoint, options.Region, time, admin?.Credentials);
        var table = await new LedgerTable(aws.DynamoDb).EnsureCreatedAsync(config.LedgerTable, cancellationToken: ct).ConfigureAwait(false);
        Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"ledger table {table.TableName} created with stream {table.StreamArn}");
        var seeded = await SampleSeeder.SeedAsync(aws.S3, config, range, sample, ct).ConfigureAwait(false);
        // The stack's Glue database (template resource GlueDatabase): the job steps' catalog sync registers tables in it.
        await CreateCatalogDatabaseAsync(aws, ct).ConfigureAwait(false);
        Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"{seeded.Count} sample input(s) uploaded to s3://{string.Join(", s3://", seeded.Select(s => s.Bucket).Distinct())}/");

        await using var rooms = await ChatRooms.StartAsync(aws.Ssm, id, time, Timeline, ct).ConfigureAwait(false);
        var webhook = rooms.Teams;

        // Each function gets its own clients: with IAM rehearsed, signed with its own key and sent through the recording proxy.
        await using var identities = admin is null ? null : await RehearsalIdentities.StartAsync(endpoint, control, LocalFiles.Template(options.TemplatePath),
            new RehearsalStack(stackName, options.Region, RehearsalStack.MotoAccount, config.LedgerTable, table.StreamArn ?? "", config.Bucket, config.Cluster.Name, rooms.TokenParameter),
            admin, ct).ConfigureAwait(false);
        if (identities is not null)
            Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"IAM enforced by moto from now on; each function signs with a user holding exactly its role's policy from the template "
                + $"({string.Join(", ", RehearsedFunctions.Roles.Select(r => $"{r.Key}: {r.Value}"))}) and calls through a recorder at {identities.Endpoint}");
        AwsClientOptions As(string function) => identities?.OptionsFor(function, options.Region, time) ?? aws.Options;

        using var notifier = NotifierRuntime.Create(config.LedgerTable, rooms.NotifierOptions(), As(RehearsedFunctions.Notifier), loggers, rooms.Environment);
        var drainer = notifier.Drainer();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var emr = new EmrClient(http, aws.Options, loggers.CreateLogger<AwsJsonClient>());
        var ledger = new JobLedger(aws.DynamoDb, new LedgerOptions(config.LedgerTable), time, loggers.CreateLogger<JobLedger>());
        using var launcherDb = DynamoDbClientFactory.Create(As(RehearsedFunctions.Launcher));
        var launcher = new LaunchService(config, new EmrClient(http, As(RehearsedFunctions.Launcher), loggers.CreateLogger<AwsJsonClient>()),
            new JobLedger(launcherDb, new LedgerOptions(config.LedgerTable), time, loggers.CreateLogger<JobLedger>()), time, null, loggers,
            new DynamoDbClusterLock(launcherDb, config.LedgerTable, time));
        using var trackerDb = DynamoDbClientFactory.Create(As(RehearsedFunctions.Tracker));
        var tracker = new StepStatusTracker(new JobLedger(trackerDb, new LedgerOptions(config.LedgerTable), time, loggers.CreateLogger<JobLedger>()),
            loggers.CreateLogger<StepStatusTracker>());
        var problems = new List<string>();
        var jobIdentity = identities?.Principal(RehearsedFunctions.Job);
        var runner = new LocalStepRunner(emr, tracker, ledger, Timeline,
            new StepRunnerSettings(jobsDll, Path.Combine(work, "lake"), Path.Combine(work, "steps"), identities?.Endpoint ?? endpoint, options.Region, options.StepTimeout)
            {
                AccessKey = jobIdentity?.AccessKeyId ?? LocalAws.AccessKey,
                SecretKey = jobIdentity?.SecretKey ?? LocalAws.SecretKey,
                JobScope = identities is null ? null : identities.SuspendEnforcementAsync,
            }, time, _logger,
            (label, token) => DrainAsync(drainer, config.LedgerTable, label, problems, token));

        string? clusterId = null;
        var ran = new HashSet<string>(StringComparer.Ordinal);
        var launches = new List<(string Trigger, DateRange Range)> { ("schedule", new DateRange(range.From, range.From)) };
        if (range.To > range.From) launches.Add(("backfill", new DateRange(range.From.AddDays(1), range.To)));
        foreach (var (trigger, dates) in launches)
        {
            var launch = await launcher.LaunchAsync(new LaunchRequest(config.ScheduledJobs, dates, Trigger: trigger), ct).ConfigureAwait(false);
            LaunchTimeline.Record(Timeline, launch, trigger);
            clusterId ??= launch.ClusterId;
            if (launch.Steps.Count == 0) problems.Add($"{trigger} launch of {dates} submitted nothing");
            await DrainAsync(drainer, config.LedgerTable, "after the launch", problems, ct).ConfigureAwait(false);
            if (launch.ClusterId is null) continue;
            foreach (var step in await QueuedStepsAsync(emr, launch, ran, problems, ct).ConfigureAwait(false))
            {
                var run = await runner.RunAsync(launch.ClusterId, step.Id, ct).ConfigureAwait(false);
                if (run.ExitCode is not (0 or 2)) problems.Add($"step {run.StepId} ({run.Job} {run.Range}) exited {run.ExitCode}: {run.Tail} (log: {run.LogFile})");
            }
        }

        var keys = config.ScheduledJobs.SelectMany(j => range.Dates().Select(d => new JobKey(j, d))).ToList();
        var refused = await RepeatLaunchAsync(launcher, ledger, config, range, keys, problems, ct).ConfigureAwait(false);
        if (options.Reissue)
            await ReissueAsync(aws, launcher, runner, emr, config, range, sample, ran, problems, ct).ConfigureAwait(false);

        await DrainAsync(drainer, config.LedgerTable, "final", problems, ct).ConfigureAwait(false);
        var before = webhook.Posts.Count;
        var slackBefore = rooms.SlackWrites;
        var second = await DrainAsync(drainer, config.LedgerTable, "second (must send nothing)", problems, ct).ConfigureAwait(false);
        if (second.MessagesSent > 0 || webhook.Posts.Count != before) problems.Add($"a second drain posted {webhook.Posts.Count - before} message(s) again");
        if (rooms.SlackWrites != slackBefore) problems.Add($"a second drain made {rooms.SlackWrites - slackBefore} Slack chat.postMessage/chat.update call(s) again");

        var permissions = identities?.Audit();
        foreach (var p in permissions ?? [])
        {
            foreach (var m in p.Missing)
                problems.Add($"{p.Function} called {m.Action} on {m.Resource} ({m.Calls}x) but {p.Role} in the template does not allow it: {m.Reason}");
            Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"IAM {p.Function} ({p.Role}): called {string.Join(", ", p.Called.Select(c => $"{c.Key} x{c.Value}"))}"
                + (p.Unused.Count == 0 ? "" : $"; granted but not called: {string.Join(", ", p.Unused)}"));
        }
        var records = await ledger.GetManyAsync(keys, ct).ConfigureAwait(false);
        var (outcomes, expected, found) = RehearsalChecks.Evaluate(keys, records, webhook.Posts);
        problems.AddRange(found);
        problems.AddRange(SlackThreadChecks.Evaluate(keys, records, rooms.Slack.Calls, rooms.Slack.RateLimitedMethod));
        if (options.Reissue)
        {
            problems.AddRange(RehearsalChecks.EvaluateReissue(config.ScheduledJobs, range, records, webhook.Posts));
            problems.AddRange(SlackThreadChecks.EvaluateRefresh(config.ScheduledJobs, range, rooms.Slack.Calls));
        }
        LogDone(_logger, id, problems.Count);
        return new RehearsalReport
        {
            Id = id,
            Endpoint = endpoint.ToString(),
            Table = config.LedgerTable,
            ClusterId = clusterId,
            Timeline = Timeline.Events,
            Jobs = rooms.WithSlackThreads(outcomes),
            Rooms = rooms.Report(),
            NotificationsExpected = expected,
            NotificationsReceived = webhook.Posts.Count,
            DuplicatesRefused = refused,
            Permissions = permissions,
            Problems = problems,
        };
    }

    /// <summary>
    /// The cluster's active steps not run yet, oldest first, as EMR would run them (ListSteps; moto leaves every step RUNNING, so
    /// steps already played are remembered in <paramref name="ran"/>). They must be exactly the steps the launch reported.
    /// </summary>
    private static async Task<IReadOnlyList<StepSummary>> QueuedStepsAsync(IEmrClient emr, LaunchReport launch, HashSet<string> ran, List<string> problems, CancellationToken ct)
    {
        var active = await emr.ListAllStepsAsync(launch.ClusterId!, StepStates.Active, ct).ConfigureAwait(false);
        var queued = active.Where(s => !ran.Contains(s.Id)).Reverse().ToList();
        ran.UnionWith(queued.Select(s => s.Id));
        var reported = launch.Steps.Select(s => s.StepId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var extra in queued.Where(q => !reported.Contains(q.Id)))
            problems.Add($"step {extra.Id} ({extra.Name}) is queued on {launch.ClusterId} but the launch did not report submitting it");
        foreach (var missing in reported.Where(r => queued.All(q => q.Id != r)))
            problems.Add($"step {missing} was reported submitted but is not queued on {launch.ClusterId}");
        return queued;
    }

    /// <summary>Launches the completed dates again: every one must be refused. FAILED dates are left out (a launch rightly resubmits them).</summary>
    private async Task<int> RepeatLaunchAsync(LaunchService launcher, IJobLedger ledger, LauncherConfig config, DateRange range, List<JobKey> keys, List<string> problems, CancellationToken ct)
    {
        var records = await ledger.GetManyAsync(keys, ct).ConfigureAwait(false);
        var done = keys.Where(k => records.GetValueOrDefault(k)?.State is JobState.Succeeded or JobState.Partial).ToList();
        if (done.Count == 0)
        {
            Timeline.Add(Actors.Launcher, EventKinds.Refused, "repeat: not tried, no date completed (a FAILED date would rightly be resubmitted)");
            return 0;
        }
        var request = new LaunchRequest(config.ScheduledJobs, range, OnlyDates: done.Select(k => k.DataDate).ToHashSet(), Trigger: "repeat");
        var again = await launcher.LaunchAsync(request, ct).ConfigureAwait(false);
        var refused = LaunchTimeline.Record(Timeline, again, "repeat");
        if (again.Steps.Count > 0) problems.Add($"the repeated launch of {range} submitted {again.Steps.Count} step(s) instead of refusing the duplicates");
        if (refused != done.Count) problems.Add($"the repeated launch refused {refused} of {done.Count} completed (job, date) pair(s)");
        return refused;
    }

    /// <summary>
    /// JHU re-issues the first date with one count changed: its input object is replaced, the date is launched again with
    /// <see cref="LaunchRequest.Rerun"/>, and the step runs. The later dates already in the lake took their new cases from the
    /// old version, so the job's report (and the chat message) must name them.
    /// </summary>
    private async Task ReissueAsync(LocalAws aws, LaunchService launcher, LocalStepRunner runner, IEmrClient emr, LauncherConfig config, DateRange range,
        string sample, HashSet<string> ran, List<string> problems, CancellationToken ct)
    {
        if (range.To == range.From)
        {
            problems.Add("the re-issue needs at least two dates (one re-issued, one after it)");
            return;
        }
        var changed = await SampleSeeder.ReissueAsync(aws.S3, config, range.From, sample, ct).ConfigureAwait(false);
        Timeline.Add(Actors.Rehearsal, EventKinds.Setup, $"JHU re-issues {LedgerFormats.FormatDate(range.From)}: {changed}", date: range.From);
        var launch = await launcher.LaunchAsync(new LaunchRequest(config.ScheduledJobs, new DateRange(range.From, range.From), Trigger: "rerun", Rerun: true), ct)
            .ConfigureAwait(false);
        LaunchTimeline.Record(Timeline, launch, "rerun");
        if (launch.Steps.Count == 0 || launch.ClusterId is null)
        {
            problems.Add($"the re-run of {LedgerFormats.FormatDate(range.From)} submitted nothing");
            return;
        }
        foreach (var step in await QueuedStepsAsync(emr, launch, ran, problems, ct).ConfigureAwait(false))
        {
            var run = await runner.RunAsync(launch.ClusterId, step.Id, ct).ConfigureAwait(false);
            if (run.ExitCode is not (0 or 2)) problems.Add($"re-run step {run.StepId} ({run.Job} {run.Range}) exited {run.ExitCode}: {run.Tail} (log: {run.LogFile})");
        }
    }

    private async Task<DrainReport> DrainAsync(StreamDrainer drainer, string table, string label, List<string> problems, CancellationToken ct)
    {
        var report = await drainer.DrainAsync(table, ct).ConfigureAwait(false);
        Timeline.Add(Actors.Notifier, EventKinds.Drain,
            $"stream drain {label}: {report.Transitions} state change(s) in {report.Records} record(s), {report.MessagesSent} message(s) posted, {report.AlreadySent} already sent");
        if (!report.Succeeded) problems.Add($"stream drain {label} stopped at {report.StoppedAtSequenceNumber}: {report.Failure?.Message}");
        return report;
    }

    private void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { LogCleanup(_logger, folder, e.Message); }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Rehearsal {Id} on {Endpoint} for {Range}")]
    private static partial void LogStart(ILogger logger, string id, Uri endpoint, string range);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Rehearsal {Id} done with {Problems} problem(s)")]
    private static partial void LogDone(ILogger logger, string id, int problems);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Work folder {Folder} could not be removed: {Reason}")]
    private static partial void LogCleanup(ILogger logger, string folder, string reason);
}
