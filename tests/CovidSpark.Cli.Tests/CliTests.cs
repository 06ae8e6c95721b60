using System.Text.Json;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Cli.Tests;

[Collection(MotoCollection.Name)]
public sealed class CliTests(MotoServer moto) : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"emr-config-cli-{Guid.NewGuid():N}.json");
    private readonly string _table = "cli-" + Guid.NewGuid().ToString("N")[..10];
    private readonly ManualClock _time = new(new DateTimeOffset(2021, 1, 1, 6, 0, 0, TimeSpan.Zero), ClockTimers.RealTime);

    private static readonly Dictionary<string, string> Credentials = new()
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey, ["AWS_REGION"] = MotoServer.Region,
    };

    private CliRunner Cli(Dictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Credentials);
        foreach (var (k, v) in extra ?? []) env[k] = v;
        return new CliRunner(env, _time);
    }

    private string[] Common(params string[] args)
    {
        if (!File.Exists(_config)) File.WriteAllText(_config, TestConfigs.Json("cli-" + Guid.NewGuid().ToString("N")[..8]));
        return [.. args, "--endpoint-url", moto.Endpoint.ToString(), "--table", _table, .. CliRunner.ConfigOption(args[0], _config)];
    }

    [Fact]
    public async Task Ledger_init_launch_status_and_refusal_end_to_end()
    {
        var cli = Cli();
        var init = await cli.RunAsync(Common("ledger", "init", "--ttl"));
        Assert.True(init.ExitCode == CliExitCodes.Ok, init.Err);
        Assert.Contains($"Created ledger table {_table}", init.Out);
        var again = await cli.RunAsync(Common("ledger", "init", "--json"));
        Assert.False(JsonDocument.Parse(again.Out).RootElement.GetProperty("created").GetBoolean());

        var launch = await cli.RunAsync(Common("launch", "--date", "2020-11-09"));
        Assert.True(launch.ExitCode == CliExitCodes.Ok, launch.Err + launch.Out);
        Assert.Contains("created cluster j-", launch.Out);
        Assert.Contains("Submitted 1 step(s) covering 1 date(s)", launch.Out);

        var refused = await cli.RunAsync(Common("launch", "--date", "2020-11-09", "--json"));
        Assert.Equal(CliExitCodes.Refused, refused.ExitCode);
        var doc = JsonDocument.Parse(refused.Out).RootElement;
        Assert.Equal("SUBMITTED", doc.GetProperty("skipped")[0].GetProperty("state").GetString());

        var status = await cli.RunAsync(Common("status", "--date", "2020-11-09", "--json"));
        Assert.Equal(CliExitCodes.Ok, status.ExitCode);
        var job = JsonDocument.Parse(status.Out).RootElement.GetProperty("jobs")[0];
        Assert.Equal(("pipeline", "SUBMITTED"), (job.GetProperty("job").GetString(), job.GetProperty("state").GetString()));
        Assert.StartsWith("s-", job.GetProperty("stepId").GetString());

        var table = await cli.RunAsync(Common("status", "--state", "submitted"));
        Assert.Contains("pipeline", table.Out);
        Assert.Contains("SUBMITTED 1", table.Out);
    }

    [Fact]
    public async Task Backfill_dry_run_then_real_then_retry_failed_and_reconcile()
    {
        var cli = Cli(new() { ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString() });
        string[] Args(params string[] a) => [.. a, "--table", _table, .. CliRunner.ConfigOption(a[0], WriteConfig())];
        Assert.Equal(CliExitCodes.Ok, (await cli.RunAsync(Args("ledger", "init"))).ExitCode);

        var dry = await cli.RunAsync(Args("backfill", "--from", "2020-03-01", "--to", "2020-04-15", "--dry-run"));
        Assert.True(dry.ExitCode == CliExitCodes.Ok, dry.Err);
        Assert.Contains("Dry run", dry.Out);
        Assert.Contains("would create a cluster", dry.Out);
        Assert.Contains("Would submit 2 step(s) covering 46 date(s)", dry.Out);

        var real = await cli.RunAsync(Args("backfill", "--from", "2020-03-01", "--to", "2020-04-15", "--chunk-days", "10", "--json"));
        Assert.True(real.ExitCode == CliExitCodes.Ok, real.Err);
        var steps = JsonDocument.Parse(real.Out).RootElement.GetProperty("steps");
        Assert.Equal(5, steps.GetArrayLength());

        using var db = LedgerTestContextAccess.Client(moto);
        var ledger = new JobLedger(db, new LedgerOptions(_table), _time);
        var first = steps[0];
        var failedKey = new JobKey("pipeline", new DateOnly(2020, 3, 2));
        await ledger.ApplyStepTransitionAsync(new StepTransition(failedKey, first.GetProperty("stepId").GetString()!, JobState.Failed, null, "exit 1"));

        var retry = await cli.RunAsync(Args("retry-failed", "--json"));
        Assert.True(retry.ExitCode == CliExitCodes.Ok, retry.Err);
        var retried = JsonDocument.Parse(retry.Out).RootElement[0];
        Assert.Equal(("2020-03-02", "2020-03-02"), (retried.GetProperty("steps")[0].GetProperty("from").GetString(), retried.GetProperty("steps")[0].GetProperty("to").GetString()));
        Assert.Equal(2, (await ledger.GetAsync(failedKey))!.Attempt);
        Assert.Contains("No failed dates", (await cli.RunAsync(Args("retry-failed"))).Out);

        var reconcile = await cli.RunAsync(Args("reconcile"));
        Assert.True(reconcile.ExitCode == CliExitCodes.Ok, reconcile.Err);
        // moto runs the first step at once: its dates move to RUNNING, and the report lists exactly those.
        Assert.Contains("pipeline#2020-03-01", reconcile.Out);
        Assert.Contains("step", reconcile.Out);
        Assert.Contains("SUBMITTED → RUNNING", reconcile.Out);
        Assert.DoesNotContain("pipeline#2020-04-15", reconcile.Out);
        // Again: nothing changes, so only the summary; --all lists every item looked at.
        var again = await cli.RunAsync(Args("reconcile"));
        Assert.DoesNotContain("pipeline#2020-03-01", again.Out);
        Assert.Contains("0 of 46 active item(s) changed", again.Out);
        var all = await cli.RunAsync(Args("reconcile", "--all"));
        Assert.Contains("pipeline#2020-03-01", all.Out);
        Assert.Contains("up to date", all.Out);
    }

    [Fact]
    public async Task Errors_map_to_documented_exit_codes_with_readable_messages()
    {
        var cli = Cli();
        var badDate = await cli.RunAsync(Common("launch", "--date", "2020-13-01"));
        Assert.Equal(CliExitCodes.Usage, badDate.ExitCode);
        Assert.Contains("'2020-13-01' is not a date in yyyy-MM-dd form", badDate.Err);

        var future = await cli.RunAsync(Common("launch", "--date", "2021-01-01"));
        Assert.Equal(CliExitCodes.Usage, future.ExitCode);
        Assert.Contains("latest date", future.Err);

        var unknownJob = await cli.RunAsync(Common("launch", "--date", "2020-11-09", "--job", "nope"));
        Assert.Equal(CliExitCodes.Usage, unknownJob.ExitCode);
        Assert.Contains("known jobs: pipeline, stats", unknownJob.Err);

        var missingOption = await cli.RunAsync(Common("backfill", "--from", "2020-01-01"));
        Assert.Equal(1, missingOption.ExitCode);
        Assert.Contains("--to", missingOption.Err);

        var badState = await cli.RunAsync(Common("status", "--state", "DONE"));
        Assert.Equal(1, badState.ExitCode);
        Assert.Contains("not one of SUBMITTED", badState.Err);

        var noTable = await cli.RunAsync(Common("status", "--state", "FAILED"));
        Assert.Equal(CliExitCodes.AwsError, noTable.ExitCode);
        Assert.Contains("ledger init", noTable.Err);

        var badConfig = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(badConfig, """{"bucket":"b","cluster":{"name":"x"},"jobs":{}}""");
        try
        {
            var config = await cli.RunAsync("launch", "--date", "2020-11-09", "--config", badConfig, "--endpoint-url", moto.Endpoint.ToString());
            Assert.Equal(CliExitCodes.Config, config.ExitCode);
            Assert.Contains("$.cluster.releaseLabel: required", config.Err);
            Assert.Contains("$.jobs:", config.Err);
        }
        finally { File.Delete(badConfig); }

        var badEndpoint = await cli.RunAsync("status", "--endpoint-url", "localhost:5000");
        Assert.Equal(CliExitCodes.Usage, badEndpoint.ExitCode);
    }

    [Fact]
    public async Task Cluster_name_option_targets_another_cluster()
    {
        var cli = Cli();
        Assert.Equal(CliExitCodes.Ok, (await cli.RunAsync(Common("ledger", "init"))).ExitCode);
        var name = "other-" + Guid.NewGuid().ToString("N")[..8];
        var launch = await cli.RunAsync(Common("launch", "--date", "2020-05-05", "--cluster-name", name, "--json"));
        Assert.True(launch.ExitCode == CliExitCodes.Ok, launch.Err);
        var clusterId = JsonDocument.Parse(launch.Out).RootElement.GetProperty("clusterId").GetString()!;

        using var http = new HttpClient();
        var emr = new CovidSpark.Aws.Emr.EmrClient(http, MotoAws.Options(moto.Endpoint));
        var cluster = (await emr.DescribeClusterAsync(new CovidSpark.Aws.Emr.Model.DescribeClusterRequest(clusterId))).Cluster;
        Assert.Equal(name, cluster.Name);
        Assert.Contains(cluster.Tags!, t => t.Key == "covidspark:cluster" && t.Value == name);

        var second = await cli.RunAsync(Common("launch", "--date", "2020-05-06", "--cluster-name", name, "--json"));
        Assert.Equal(clusterId, JsonDocument.Parse(second.Out).RootElement.GetProperty("clusterId").GetString());
    }

    [Fact]
    public async Task Rerun_flag_resubmits_completed_dates_and_dry_run_names_them()
    {
        var cli = Cli();
        Assert.Equal(CliExitCodes.Ok, (await cli.RunAsync(Common("ledger", "init"))).ExitCode);
        var launch = JsonDocument.Parse((await cli.RunAsync(Common("launch", "--date", "2020-11-09", "--json"))).Out).RootElement;
        Assert.False(launch.GetProperty("rerun").GetBoolean());
        Assert.Equal(0, launch.GetProperty("datesRerun").GetInt32());
        var firstStep = launch.GetProperty("steps")[0].GetProperty("stepId").GetString()!;

        using var db = LedgerTestContextAccess.Client(moto);
        var ledger = new JobLedger(db, new LedgerOptions(_table), _time);
        var key = new JobKey("pipeline", new DateOnly(2020, 11, 9));
        await ledger.ApplyStepTransitionAsync(new StepTransition(key, firstStep, JobState.Succeeded, null, "Step completed"));

        var refused = await cli.RunAsync(Common("launch", "--date", "2020-11-09"));
        Assert.Equal(CliExitCodes.Refused, refused.ExitCode);

        var dry = await cli.RunAsync(Common("backfill", "--from", "2020-11-08", "--to", "2020-11-10", "--rerun", "--dry-run"));
        Assert.True(dry.ExitCode == CliExitCodes.Ok, dry.Err + dry.Out);
        Assert.Contains("Would re-run", dry.Out);
        Assert.Matches(@"pipeline\s*│\s*2020-11-09\s*│\s*SUCCEEDED", dry.Out);
        Assert.Contains("Would submit 1 step(s) covering 3 date(s) (1 re-run)", dry.Out);
        Assert.Equal((JobState.Succeeded, 1), ((await ledger.GetAsync(key))!.State, (await ledger.GetAsync(key))!.Attempt));

        var real = await cli.RunAsync(Common("launch", "--date", "2020-11-09", "--rerun", "--json"));
        Assert.True(real.ExitCode == CliExitCodes.Ok, real.Err + real.Out);
        var doc = JsonDocument.Parse(real.Out).RootElement;
        Assert.True(doc.GetProperty("rerun").GetBoolean());
        Assert.Equal(1, doc.GetProperty("datesRerun").GetInt32());
        var rerun = doc.GetProperty("reruns")[0];
        Assert.Equal(("2020-11-09", "SUCCEEDED", 1), (rerun.GetProperty("date").GetString(), rerun.GetProperty("previousState").GetString(), rerun.GetProperty("previousAttempt").GetInt32()));
        var record = await ledger.GetAsync(key);
        Assert.Equal((JobState.Submitted, 2, doc.GetProperty("steps")[0].GetProperty("stepId").GetString()), (record!.State, record.Attempt, record.StepId));
        Assert.Equal(firstStep, record.PreviousAttempts.Single().StepId);

        var active = await cli.RunAsync(Common("launch", "--date", "2020-11-09", "--rerun"));
        Assert.Equal(CliExitCodes.Refused, active.ExitCode);
        Assert.Contains("SUBMITTED", active.Out);

        foreach (var command in new[] { "launch", "backfill" })
        {
            var help = await Cli().RunAsync(command, "--help");
            Assert.Contains("--rerun", help.Out);
            Assert.Contains("SUCCEEDED or PARTIAL", help.Out);
            Assert.Contains("never resubmitted", help.Out);
        }
    }

    [Fact]
    public async Task Help_teaches_commands_options_and_exit_codes()
    {
        var help = await Cli().RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var word in new[] { "ledger", "launch", "backfill", "retry-failed", "status", "reconcile", "--endpoint-url", "Exit codes" })
            Assert.Contains(word, help.Out);
        var backfill = await Cli().RunAsync("backfill", "--help");
        Assert.Contains("--chunk-days", backfill.Out);
        Assert.Contains("Example: covidspark backfill", backfill.Out);
    }

    private string WriteConfig()
    {
        if (!File.Exists(_config)) File.WriteAllText(_config, TestConfigs.Json("cli-" + Guid.NewGuid().ToString("N")[..8]));
        return _config;
    }

    public void Dispose() => File.Delete(_config);
}
