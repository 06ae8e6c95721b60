using System.Diagnostics;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Tests.Launch;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Crash;

/// <summary>
/// Exactly-once submission across crashes: a real <c>covidspark backfill</c> process kills itself (SIGKILL, through the documented
/// fault-injection hook <c>COVIDSPARK_FAULT_KILL_AT</c>) at each point of the submit sequence; then, past the claim grace, the
/// recovery an operator runs — <c>reconcile</c>, then the same backfill (which resubmits FAILED dates, as <c>retry-failed</c> does) —
/// and the steps on EMR are counted per date: exactly one, recorded in the ledger.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class SubmitCrashTests(MotoServer moto)
{
    private static readonly DateOnly From = new(2020, 11, 1), To = new(2020, 11, 7);

    public static TheoryData<string> KillPoints() => new(Enum.GetValues<SubmitPoint>().Select(KillAtSubmitPoint.Name));

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task A_launcher_killed_at_any_point_of_the_submit_sequence_leaves_each_date_in_exactly_one_step(string point)
    {
        await using var ledger = await LedgerTestContext.CreateAsync(moto);
        var clusterName = "crash-" + Guid.NewGuid().ToString("N")[..10];
        var configFile = Path.Combine(Path.GetTempPath(), $"{clusterName}.json");
        await File.WriteAllTextAsync(configFile, TestConfigs.Json(clusterName, chunkDays: 3, table: ledger.Table));
        try
        {
            var killed = await RunCliAsync(point, "backfill", "--from", "2020-11-01", "--to", "2020-11-07", "--config", configFile, "--table", ledger.Table);
            Assert.True(killed.ExitCode is 137 or -9, $"the launcher was not killed at {point}: exit {killed.ExitCode}\n{killed.Output}");

            // Recovery, after the claim grace: reconcile, then the same backfill again.
            var later = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(11));
            using var http = new HttpClient();
            var emr = new EmrClient(http, AwsTestClients.Options(moto.Endpoint));
            var journal = new JobLedger(ledger.Db, new LedgerOptions(ledger.Table), later);
            await new ReconcileService(emr, journal, later).ReconcileAsync();
            var config = EmrConfigLoader.Parse(TestConfigs.Json(clusterName, chunkDays: 3, table: ledger.Table));
            var launcher = new LaunchService(config, emr, journal, later, null, null, new DynamoDbClusterLock(ledger.Db, ledger.Table, later));
            await launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(From, To), Trigger: "recovery"));
            await new ReconcileService(emr, journal, later).ReconcileAsync();

            var steps = await StepsOfAsync(emr, clusterName);
            var records = await journal.GetManyAsync(new DateRange(From, To).Dates().Select(d => new JobKey("pipeline", d)).ToList());
            foreach (var date in new DateRange(From, To).Dates())
            {
                var covering = steps.Where(s => StepNames.TryParse(s.Name, out _, out var range) && date >= range.From && date <= range.To).ToList();
                var record = records[new JobKey("pipeline", date)];
                Assert.True(covering.Count == 1, $"{point}: {date:yyyy-MM-dd} is in {covering.Count} step(s): {string.Join(", ", covering.Select(s => s.Name))}");
                Assert.Equal(covering[0].Id, record.StepId);
            }
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    [Fact]
    public async Task The_tracker_records_a_step_its_launcher_died_before_recording_from_the_token_in_the_step_name()
    {
        await using var ctx = await LaunchTestContext.CreateAsync(moto);
        var launcher = new LaunchService(ctx.Config, ctx.Emr, ctx.Ledger, ctx.Time, LauncherOptions.Default with { Faults = new CrashAt(SubmitPoint.StepsSubmitted) });
        await Assert.ThrowsAsync<SimulatedCrash>(() => launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(From, From))));
        var orphan = await ctx.Ledger.GetAsync(new JobKey("pipeline", From));
        Assert.Null(orphan!.StepId);
        var step = Assert.Single(await StepsOfAsync(ctx.Emr, ctx.Config.Cluster.Name));
        Assert.EndsWith(":" + orphan.SubmitToken, step.Name);

        var clusterId = (await ctx.Emr.ListAllClustersAsync(ClusterStates.Active)).Single(c => c.Name == ctx.Config.Cluster.Name).Id;
        var tracked = await ctx.Tracker.TrackAsync(new StepStatusChange(clusterId, step.Id, step.Name, "RUNNING", null, ctx.Time.GetUtcNow()));
        Assert.Equal(1, tracked.Changed);
        var record = await ctx.Ledger.GetAsync(new JobKey("pipeline", From));
        Assert.Equal((JobState.Running, step.Id, clusterId), (record!.State, record.StepId, record.ClusterId));
    }

    private sealed class SimulatedCrash : Exception;

    private sealed class CrashAt(SubmitPoint point) : ISubmitFaults
    {
        public void Reached(SubmitPoint reached)
        {
            if (reached == point) throw new SimulatedCrash();
        }
    }

    private static async Task<List<StepSummary>> StepsOfAsync(IEmrClient emr, string clusterName)
    {
        var all = new List<StepSummary>();
        foreach (var cluster in (await emr.ListAllClustersAsync(ClusterStates.Active)).Where(c => c.Name == clusterName))
            all.AddRange(await emr.ListAllStepsAsync(cluster.Id));
        return all;
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string killAt, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "covidspark.dll");
        if (!File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            dll = RepoRoot.Combine("hosts", "CovidSpark.Cli", "bin", "Debug", "net10.0", "linux-x64", "covidspark.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--endpoint-url", moto.Endpoint.ToString(), "--region", MotoServer.Region }) psi.ArgumentList.Add(a);
        psi.Environment["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey;
        psi.Environment.Remove("AWS_PROFILE");
        psi.Environment.Remove("COVIDSPARK_TABLE");
        psi.Environment[KillAtSubmitPoint.Variable] = killAt;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
