using System.Text.Json;
using System.Text.RegularExpressions;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Config;

/// <summary>Checks a parsed <see cref="EmrConfig"/> completely and builds the immutable <see cref="LauncherConfig"/>.</summary>
internal sealed partial class EmrConfigValidator(string file)
{
    private static readonly string[] Roles = ["MASTER", "CORE", "TASK"];
    private static readonly string[] Markets = ["ON_DEMAND", "SPOT"];
    private static readonly string[] ActionsOnFailure = ["CONTINUE", "CANCEL_AND_WAIT", "TERMINATE_CLUSTER", "TERMINATE_JOB_FLOW"];
    private static readonly HashSet<string> ClusterPlaceholders = ["bucket"];
    private readonly List<ConfigProblem> _problems = [];

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public LauncherConfig? Validate(EmrConfig config)
    {
        Unknown("$", config.Unknown);
        var bucket = config.Bucket;
        if (string.IsNullOrWhiteSpace(bucket)) Add("$.bucket", "required: the S3 bucket that holds input, lake, logs and the job bundle");
        else if (!BucketName().IsMatch(bucket)) Add("$.bucket", $"'{bucket}' is not a valid S3 bucket name (3-63 of a-z 0-9 . -)");
        var ledgerTable = config.LedgerTable ?? LedgerSchema.DefaultTableName;
        try { _ = new LedgerOptions(ledgerTable).Validate(); }
        catch (ArgumentException e) { Add("$.ledgerTable", e.Message); }

        var cluster = ValidateCluster(config.Cluster, bucket ?? "");
        var backfill = ValidateBackfill(config.Backfill);
        var jobs = ValidateJobs(config.Jobs);
        var scheduled = config.ScheduledJobs ?? jobs.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < scheduled.Count; i++)
            if (!jobs.ContainsKey(scheduled[i]) && config.Jobs?.ContainsKey(scheduled[i]) != true)
                Add($"$.scheduledJobs[{i}]", $"'{scheduled[i]}' is not a job defined under $.jobs");

        return _problems.Count > 0 || cluster is null
            ? null
            : new LauncherConfig(file, bucket!, ledgerTable, cluster, backfill, jobs, scheduled);
    }

    private ClusterDefinition? ValidateCluster(ClusterConfig? c, string bucket)
    {
        if (c is null) { Add("$.cluster", "required: the EMR cluster definition"); return null; }
        Unknown("$.cluster", c.Unknown);
        var name = Required("$.cluster.name", c.Name);
        if (name is { Length: > 256 }) Add("$.cluster.name", "at most 256 characters");
        var mode = ClusterMode.Reuse;
        if (c.Mode is not null && !Enum.TryParse(c.Mode, ignoreCase: true, out mode))
            Add("$.cluster.mode", $"'{c.Mode}' is not a mode; expected 'reuse' or 'transient'");
        var release = Required("$.cluster.releaseLabel", c.ReleaseLabel);
        if (release is not null && !ReleaseLabel().IsMatch(release)) Add("$.cluster.releaseLabel", $"'{release}' is not an EMR release label such as 'emr-7.5.0'");
        var apps = c.Applications ?? [];
        if (!apps.Contains("Spark", StringComparer.OrdinalIgnoreCase)) Add("$.cluster.applications", "must include 'Spark'");
        var logUri = S3Path("$.cluster.logUri", c.LogUri, required: true);
        if (c.AutoTerminationIdleTimeoutSeconds is { } idle and (< 60 or > 604800))
            Add("$.cluster.autoTerminationIdleTimeoutSeconds", $"{idle} is outside 60..604800 seconds");
        if (mode == ClusterMode.Reuse && c.AutoTerminationIdleTimeoutSeconds is null)
            Add("$.cluster.autoTerminationIdleTimeoutSeconds", "required in 'reuse' mode, so an idle cluster does not run (and bill) forever");
        if (c.StepConcurrencyLevel is { } level and (< 1 or > 256)) Add("$.cluster.stepConcurrencyLevel", $"{level} is outside 1..256");

        var groups = ValidateGroups(c.InstanceGroups);
        var fleets = ValidateFleets(c.InstanceFleets);
        if (groups is null == (fleets is null)) Add("$.cluster", "define exactly one of 'instanceGroups' or 'instanceFleets'");

        var configurations = ValidateConfigurations("$.cluster.configurations", c.Configurations);
        var bootstrap = new List<BootstrapActionConfig>();
        for (var i = 0; i < (c.BootstrapActions?.Count ?? 0); i++)
        {
            var b = c.BootstrapActions![i];
            var p = $"$.cluster.bootstrapActions[{i}]";
            Unknown(p, b.Unknown);
            var bName = Required(p + ".name", b.Name);
            var path = S3Path(p + ".path", b.Path, required: true);
            for (var a = 0; a < (b.Args?.Count ?? 0); a++) Placeholders($"{p}.args[{a}]", b.Args![a], ClusterPlaceholders);
            if (release is not null && SparkConnectReleaseRules.IsConnectBootstrap(b.Path))
                foreach (var (suffix, reason) in SparkConnectReleaseRules.Check(release, b.Args ?? []))
                    Add(p + suffix, reason);
            if (bName is not null && path is not null)
                bootstrap.Add(new BootstrapActionConfig(bName, new ScriptBootstrapActionConfig(Fill(path, bucket), b.Args?.Select(a => Fill(a, bucket)).ToList())));
        }
        foreach (var (key, value) in c.Tags ?? [])
        {
            if (key.Length is 0 or > 128) Add($"$.cluster.tags['{key}']", "tag keys are 1-128 characters");
            if (value.Length > 256) Add($"$.cluster.tags['{key}']", "tag values are at most 256 characters");
        }
        if (name is null || release is null || logUri is null) return null;

        var tags = (c.Tags ?? []).Where(t => t.Key != ClusterDefinition.ClusterTag).Select(t => new EmrTag(t.Key, t.Value)).ToList();
        tags.Add(new EmrTag(ClusterDefinition.ClusterTag, name));
        var template = new RunJobFlowRequest
        {
            Name = name,
            ReleaseLabel = release,
            LogUri = Fill(logUri, bucket),
            Applications = apps.Select(a => new EmrApplication(a)).ToList(),
            Configurations = configurations,
            BootstrapActions = bootstrap.Count > 0 ? bootstrap : null,
            Tags = tags,
            ServiceRole = c.ServiceRole ?? "EMR_DefaultRole",
            JobFlowRole = c.JobFlowRole ?? "EMR_EC2_DefaultRole",
            VisibleToAllUsers = true,
            StepConcurrencyLevel = c.StepConcurrencyLevel,
            AutoTerminationPolicy = c.AutoTerminationIdleTimeoutSeconds is { } t ? new AutoTerminationPolicy(t) : null,
            Instances = new JobFlowInstancesConfig
            {
                InstanceGroups = groups,
                InstanceFleets = fleets,
                KeepJobFlowAliveWhenNoSteps = mode == ClusterMode.Reuse,
                Ec2SubnetId = c.Ec2SubnetId,
                Ec2KeyName = c.Ec2KeyName,
            },
        };
        return new ClusterDefinition(name, mode, template);
    }

    private List<InstanceGroupConfig>? ValidateGroups(List<InstanceGroupTemplate>? groups)
    {
        if (groups is null) return null;
        var result = new List<InstanceGroupConfig>();
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var p = $"$.cluster.instanceGroups[{i}]";
            Unknown(p, g.Unknown);
            var role = OneOf(p + ".role", g.Role, Roles);
            var type = Required(p + ".instanceType", g.InstanceType);
            if (g.Count is not { } count || count < 1) Add(p + ".count", "required, at least 1");
            if (g.Market is not null) OneOf(p + ".market", g.Market, Markets);
            if (role is not null && type is not null && g.Count is > 0)
                result.Add(new InstanceGroupConfig(role, type, g.Count.Value, $"{role.ToLowerInvariant()}", g.Market?.ToUpperInvariant()));
        }
        var masters = groups.Count(g => string.Equals(g.Role, "MASTER", StringComparison.OrdinalIgnoreCase));
        if (masters != 1) Add("$.cluster.instanceGroups", $"needs exactly one MASTER group, found {masters}");
        if (groups.FirstOrDefault(g => string.Equals(g.Role, "MASTER", StringComparison.OrdinalIgnoreCase)) is { Count: > 1 } m)
            Add($"$.cluster.instanceGroups[{groups.IndexOf(m)}].count", "the MASTER group has 1 instance (3 only for multi-master clusters, not supported here)");
        return result;
    }

    private List<InstanceFleetConfig>? ValidateFleets(List<InstanceFleetTemplate>? fleets)
    {
        if (fleets is null) return null;
        var result = new List<InstanceFleetConfig>();
        for (var i = 0; i < fleets.Count; i++)
        {
            var f = fleets[i];
            var p = $"$.cluster.instanceFleets[{i}]";
            Unknown(p, f.Unknown);
            var type = OneOf(p + ".type", f.Type, Roles);
            if (f.InstanceTypes is not { Count: > 0 and <= 30 }) Add(p + ".instanceTypes", "list 1 to 30 instance types");
            if ((f.OnDemandCapacity ?? 0) + (f.SpotCapacity ?? 0) < 1) Add(p, "onDemandCapacity + spotCapacity must be at least 1");
            if (type is not null && f.InstanceTypes is { Count: > 0 })
                result.Add(new InstanceFleetConfig(type, f.InstanceTypes.Select(t => new InstanceTypeConfig(t)).ToList(), type.ToLowerInvariant(), f.OnDemandCapacity, f.SpotCapacity));
        }
        if (fleets.Count(f => string.Equals(f.Type, "MASTER", StringComparison.OrdinalIgnoreCase)) != 1)
            Add("$.cluster.instanceFleets", "needs exactly one MASTER fleet");
        return result;
    }

    private List<EmrConfiguration>? ValidateConfigurations(string path, List<ConfigurationTemplate>? configurations)
    {
        if (configurations is null) return null;
        var result = new List<EmrConfiguration>();
        for (var i = 0; i < configurations.Count; i++)
        {
            var c = configurations[i];
            var p = $"{path}[{i}]";
            Unknown(p, c.Unknown);
            var classification = Required(p + ".classification", c.Classification);
            var nested = ValidateConfigurations(p + ".configurations", c.Configurations);
            if (classification is not null) result.Add(new EmrConfiguration(classification, c.Properties, nested));
        }
        return result;
    }

    private BackfillPolicy ValidateBackfill(BackfillConfig? b)
    {
        if (b is null) return new BackfillPolicy();
        Unknown("$.backfill", b.Unknown);
        if (b.ChunkDays is { } days and (< 0 or > 366)) Add("$.backfill.chunkDays", $"{days} is outside 0..366 (0 or absent = one calendar month per step)");
        if (b.MaxActiveSteps is { } max and (< 1 or > 256)) Add("$.backfill.maxActiveSteps", $"{max} is outside 1..256 (EMR allows at most 256 active steps)");
        if (b.MaxRangeDays is { } range and (< 1 or > 3660)) Add("$.backfill.maxRangeDays", $"{range} is outside 1..3660");
        return new BackfillPolicy(b.ChunkDays is > 0 ? b.ChunkDays : null, b.MaxActiveSteps ?? 256, b.MaxRangeDays ?? 1100);
    }

    private Dictionary<string, StepTemplate> ValidateJobs(Dictionary<string, JobTemplate>? jobs)
    {
        var result = new Dictionary<string, StepTemplate>(StringComparer.Ordinal);
        if (jobs is not { Count: > 0 }) { Add("$.jobs", "define at least one job step template"); return result; }
        foreach (var (name, t) in jobs)
        {
            var p = $"$.jobs.{name}";
            Unknown(p, t.Unknown);
            var ok = true;
            if (!JobKey.IsValidJobName(name)) { Add(p, $"job name '{name}' must be 1-64 lowercase letters, digits, '-' or '_'"); ok = false; }
            if (t.Args is not { Count: > 0 }) { Add(p + ".args", "required: the argument array of the step"); ok = false; }
            for (var i = 0; i < (t.Args?.Count ?? 0); i++)
            {
                if (string.IsNullOrEmpty(t.Args![i])) { Add($"{p}.args[{i}]", "empty argument"); ok = false; }
                ok &= Placeholders($"{p}.args[{i}]", t.Args[i], StepTemplate.Placeholders);
            }
            if (t.Args is { Count: > 0 } && !t.Args.Any(a => a.Contains("{from}", StringComparison.Ordinal) || a.Contains("{date}", StringComparison.Ordinal)))
            { Add(p + ".args", "no argument uses {from} or {date}: every step would process the same data"); ok = false; }
            if (t.Args is { Count: > 0 } && t.Args.Contains("--ledger-table") && !t.Args.Any(a => a.Contains("{submitToken}", StringComparison.Ordinal)))
            {
                Add(p + ".args", "--ledger-table without --ledger-token {submitToken}: the job could not show the ledger it is this step, "
                    + "so it would count as a manual run and be refused on the date its own step holds");
                ok = false;
            }
            var action = t.ActionOnFailure is null ? "CONTINUE" : OneOf(p + ".actionOnFailure", t.ActionOnFailure, ActionsOnFailure);
            ok &= action is not null;
            if (ok) result[name] = new StepTemplate(name, string.IsNullOrWhiteSpace(t.Jar) ? "command-runner.jar" : t.Jar, t.Args!, action!);
        }
        return result;
    }

    private bool Placeholders(string path, string text, IReadOnlySet<string> allowed)
    {
        var ok = true;
        foreach (var name in StepTemplate.PlaceholdersIn(text).Where(n => !allowed.Contains(n)).Distinct())
        {
            Add(path, $"unknown placeholder {{{name}}}; allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal).Select(a => "{" + a + "}"))}");
            ok = false;
        }
        return ok;
    }

    private string? S3Path(string path, string? value, bool required)
    {
        if (value is null) { if (required) Add(path, "required: an s3:// location"); return null; }
        if (!value.StartsWith("s3://", StringComparison.Ordinal) || value.Length <= 5) { Add(path, $"'{value}' is not an s3:// location"); return null; }
        return Placeholders(path, value, ClusterPlaceholders) ? value : null;
    }

    private string? OneOf(string path, string? value, string[] allowed)
    {
        if (value is null) { Add(path, $"required: one of {string.Join(", ", allowed)}"); return null; }
        var match = allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (match is null) Add(path, $"'{value}' is not one of {string.Join(", ", allowed)}");
        return match;
    }

    private string? Required(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(path, "required"); return null; }
        return value;
    }

    private void Unknown(string path, Dictionary<string, JsonElement>? unknown)
    {
        foreach (var key in unknown?.Keys ?? Enumerable.Empty<string>())
            if (!key.StartsWith('$')) Add($"{path}.{key}", "unknown property (check the spelling)");
    }

    private static string Fill(string text, string bucket) =>
        StepTemplate.Substitute(text, new Dictionary<string, string> { ["bucket"] = bucket });

    private void Add(string path, string reason) => _problems.Add(new ConfigProblem(file, path, reason));

    [GeneratedRegex(@"^emr-\d+\.\d+\.\d+$")]
    private static partial Regex ReleaseLabel();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
