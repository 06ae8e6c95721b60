using CovidSpark.Launcher.Config;
using CovidSpark.Rehearsal.Steps;

namespace CovidSpark.Rehearsal.Tests;

public sealed class StepCommandLocalizerTests
{
    private static readonly Uri Moto = new("http://127.0.0.1:5123");

    private static IReadOnlyList<string> PipelineArgs()
    {
        var config = EmrConfigLoader.Load(RepoRoot.EmrConfig);
        return config.Job("pipeline").Render(new StepValues("pipeline", new(2020, 11, 8), new(2020, 11, 9), config.Bucket, "t")).HadoopJarStep.Args!;
    }

    [Fact]
    public void The_emr_step_of_emr_config_runs_the_dll_on_the_embedded_engine_with_a_local_lake()
    {
        var cmd = StepCommandLocalizer.Localize(PipelineArgs(), "/b/covidspark-jobs.dll", "/w/lake", Moto, "us-east-1");
        var a = cmd.Arguments;
        Assert.Equal("dotnet", cmd.FileName);
        Assert.Equal(["/b/covidspark-jobs.dll", "run"], a.Take(2));
        Assert.Equal("duckdb", a[a.ToList().IndexOf("--engine") + 1]);
        Assert.DoesNotContain("--remote", a);
        Assert.Equal("/w/lake", a[a.ToList().IndexOf("--lake") + 1]);
        Assert.StartsWith("s3://", a[a.ToList().IndexOf("--input") + 1], StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:5123", a[a.ToList().IndexOf("--endpoint-url") + 1]);
        Assert.Equal(["--ledger-table", "t", "--ledger-job", "pipeline"], a.SkipWhile(x => x != "--ledger-table").Take(4));
        Assert.Equal(5, cmd.Substitutions.Count);
    }

    [Fact]
    public void A_step_that_is_not_the_jobs_bundle_is_refused()
    {
        var e = Assert.Throws<RehearsalException>(() => StepCommandLocalizer.Localize(["spark-submit", "x.py"], "/b/covidspark-jobs.dll", "/w", Moto, "us-east-1"));
        Assert.Contains("spark-submit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "COMPLETED")]
    [InlineData(2, "FAILED")]
    [InlineData(1, "FAILED")]
    public void Exit_codes_map_to_emr_step_states_as_command_runner_does(int exit, string state) =>
        Assert.Equal(state, StepCommandLocalizer.StepStateFor(exit));
}
