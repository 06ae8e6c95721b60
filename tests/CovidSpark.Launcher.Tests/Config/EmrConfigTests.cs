using CovidSpark.Launcher.Config;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Tests.Config;

public sealed class EmrConfigTests
{
    [Fact]
    public async Task The_shipped_emr_config_is_valid_and_renders_an_argument_array()
    {
        var config = await EmrConfigLoader.LoadAsync(RepoRoot.EmrConfig);

        Assert.Equal(ClusterMode.Reuse, config.Cluster.Mode);
        Assert.StartsWith("emr-7.", config.Cluster.Template.ReleaseLabel);
        Assert.Contains(config.Cluster.Template.Applications!, a => a.Name == "Spark");
        Assert.Equal(3600, config.Cluster.Template.AutoTerminationPolicy!.IdleTimeout);
        Assert.True(config.Cluster.Template.Instances.KeepJobFlowAliveWhenNoSteps);
        Assert.Contains(config.Cluster.Template.Configurations!, c => c.Classification == "spark-hive-site"
            && c.Properties!["hive.metastore.client.factory.class"].Contains("AWSGlueDataCatalog", StringComparison.Ordinal));
        Assert.Contains(config.Cluster.Template.Configurations!, c => c.Classification == "delta-defaults");
        Assert.Equal($"s3://{config.Bucket}/scripts/bootstrap/install-bundle.sh", config.Cluster.Template.BootstrapActions![0].ScriptBootstrapAction.Path);
        Assert.Equal($"s3://{config.Bucket}/scripts/bootstrap/start-spark-connect.sh", config.Cluster.Template.BootstrapActions![1].ScriptBootstrapAction.Path);
        Assert.Contains(config.Cluster.Template.Tags!, t => t.Key == ClusterDefinition.ClusterTag && t.Value == config.Cluster.Name);
        Assert.Equal(["pipeline"], config.ScheduledJobs);

        var step = config.Job("pipeline").Render(new StepValues("pipeline", new DateOnly(2020, 11, 1), new DateOnly(2020, 11, 30), config.Bucket, config.LedgerTable, "0123456789ab"));
        Assert.Equal("covidspark:pipeline:2020-11-01:2020-11-30:0123456789ab", step.Name);
        Assert.Equal("command-runner.jar", step.HadoopJarStep.Jar);
        var args = step.HadoopJarStep.Args!;
        Assert.Equal("2020-11-01", args[args.ToList().IndexOf("--from") + 1]);
        Assert.Equal("2020-11-30", args[args.ToList().IndexOf("--to") + 1]);
        Assert.Equal(config.LedgerTable, args[args.ToList().IndexOf("--ledger-table") + 1]);
        Assert.Equal("0123456789ab", args[args.ToList().IndexOf("--ledger-token") + 1]);
        Assert.DoesNotContain(args, a => a.Contains('{', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_step_that_reports_to_the_ledger_without_its_submit_token_is_a_config_error()
    {
        // Without --ledger-token {submitToken} the job would count as a manual run and be refused on the date its own step holds.
        using var dir = new TempDir();
        var text = (await File.ReadAllTextAsync(RepoRoot.EmrConfig)).Replace(", \"--ledger-token\", \"{submitToken}\"", "", StringComparison.Ordinal);
        var path = dir.Combine("emr-config.json");
        await File.WriteAllTextAsync(path, text);
        var e = await Assert.ThrowsAsync<EmrConfigException>(() => EmrConfigLoader.LoadAsync(path));
        Assert.Contains(e.Problems, p => p.Path == "$.jobs.pipeline.args" && p.Reason.Contains("--ledger-token {submitToken}", StringComparison.Ordinal));
    }

    [Fact]
    public void Placeholder_values_stay_inside_one_argument()
    {
        var template = new StepTemplate("pipeline", "command-runner.jar", ["run", "--lake", "s3://{bucket}/lake/{job}", "--from", "{from}"], "CONTINUE");
        var step = template.Render(new StepValues("pipeline", new DateOnly(2020, 1, 2), new DateOnly(2020, 1, 2), "b; rm -rf / #", "t"));
        Assert.Equal(["run", "--lake", "s3://b; rm -rf / #/lake/pipeline", "--from", "2020-01-02"], step.HadoopJarStep.Args);
    }

    [Fact]
    public void Every_problem_is_listed_with_its_json_path()
    {
        const string json = """
        {
          "bucket": "Bad_Bucket",
          "ledgerTable": "x",
          "extra": 1,
          "cluster": {
            "name": "c", "mode": "forever", "releaseLabel": "7.5", "applications": ["Hive"], "logUri": "hdfs://logs",
            "autoTerminationIdleTimeoutSeconds": 5,
            "instanceGroups": [ { "role": "CORE", "instanceType": "m5.xlarge", "count": 0 }, { "role": "BOSS", "instanceType": "m5.xlarge", "count": 1, "markt": "SPOT" } ],
            "bootstrapActions": [ { "name": "b", "path": "s3://{bucket}/{nope}.sh" } ]
          },
          "backfill": { "chunkDays": 400, "maxActiveSteps": 300 },
          "jobs": {
            "Pipeline": { "args": ["run", "--from", "{from}"] },
            "stats": { "args": ["run", "--day", "{dat}"], "actionOnFailure": "EXPLODE" },
            "etl": { "args": [] }
          },
          "scheduledJobs": ["nightly"]
        }
        """;
        var ex = Assert.Throws<EmrConfigException>(() => EmrConfigLoader.Parse(json, "bad.json"));
        var paths = ex.Problems.Select(p => p.Path).ToList();
        string[] expected =
        [
            "$.extra", "$.bucket", "$.ledgerTable", "$.cluster.mode", "$.cluster.releaseLabel", "$.cluster.applications", "$.cluster.logUri",
            "$.cluster.autoTerminationIdleTimeoutSeconds", "$.cluster.instanceGroups[0].count", "$.cluster.instanceGroups[1].markt",
            "$.cluster.instanceGroups[1].role", "$.cluster.instanceGroups", "$.cluster.bootstrapActions[0].path", "$.backfill.chunkDays",
            "$.backfill.maxActiveSteps", "$.jobs.Pipeline", "$.jobs.stats.args[2]", "$.jobs.stats.args", "$.jobs.stats.actionOnFailure",
            "$.jobs.etl.args", "$.scheduledJobs[0]",
        ];
        foreach (var path in expected) Assert.Contains(path, paths);
        Assert.All(ex.Problems, p => Assert.Equal("bad.json", p.File));
        Assert.Contains("{dat}", ex.Problems.First(p => p.Path == "$.jobs.stats.args[2]").Reason);
        Assert.Contains("bad.json: $.cluster.logUri:", ex.Message);
    }

    [Fact]
    public void Malformed_json_names_line_and_column()
    {
        var ex = Assert.Throws<EmrConfigException>(() => EmrConfigLoader.Parse("{\n  \"bucket\": \"b\",\n  \"cluster\": { \"name\": 3 }\n}", "c.json"));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("$.cluster.name", problem.Path);
        Assert.Contains("line 3", problem.Reason);
    }

    [Fact]
    public async Task Missing_file_is_a_config_problem()
    {
        var ex = await Assert.ThrowsAsync<EmrConfigException>(() => EmrConfigLoader.LoadAsync("/no/such/emr-config.json"));
        Assert.Contains("cannot be read", ex.Problems.Single().Reason);
    }

    [Fact]
    public void Unknown_job_lists_the_known_ones()
    {
        var config = EmrConfigLoader.Parse(TestConfigs.Json("c1"));
        var ex = Assert.Throws<UnknownJobException>(() => config.Job("nope"));
        Assert.Equal(["pipeline", "stats"], ex.KnownJobs);
        Assert.Equal(LedgerSchema.DefaultTableName, config.LedgerTable);
    }
}
