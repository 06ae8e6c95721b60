using System.Text.Json;
using CovidSpark.Functions.Hosting;
using CovidSpark.Lambda.Runtime;
using CovidSpark.Launcher.Tests.Launch;
using CovidSpark.Launcher.Tests.Ledger;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Lambda;

[Collection(MotoCollection.Name)]
public sealed class FunctionHostTests(MotoServer moto) : IDisposable
{
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"emr-config-{Guid.NewGuid():N}.json");

    private Dictionary<string, string> Environment(string handler, string table, RuntimeApiFake api)
    {
        File.WriteAllText(_configFile, TestConfigs.Json("fn-" + Guid.NewGuid().ToString("N")[..8], table: "ignored-table"));
        return new()
        {
            ["_HANDLER"] = handler,
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["AWS_REGION"] = MotoServer.Region,
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["COVIDSPARK_CONFIG"] = _configFile,
            ["COVIDSPARK_TABLE"] = table,
        };
    }

    [Fact]
    public async Task Launcher_and_tracker_functions_serve_schedule_backfill_and_step_events()
    {
        await using var ledger = await LedgerTestContext.CreateAsync(moto, new DateTimeOffset(2021, 1, 1, 6, 0, 0, TimeSpan.Zero));
        await using var api = new RuntimeApiFake(ledger.Time);
        var log = new StringWriter();

        var schedule = api.Enqueue("""{"version":"0","id":"e1","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"2020-11-10T05:00:00Z","region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/daily"],"detail":{}}""");
        var backfill = api.Enqueue("""{"from":"2020-03-01","to":"2020-04-30","jobs":["stats"]}""");
        var badDates = api.Enqueue("""{"from":"2020-02-30","to":"2020-03-01"}""");
        var env = Environment("launcher", ledger.Table, api);
        var exit = await FunctionHost.RunAsync(k => env.GetValueOrDefault(k), log, new LambdaRuntimeOptions(MaxInvocations: 3), ledger.Time);
        Assert.Equal(0, exit);

        var scheduled = RuntimeApiFake.Json(await api.AnswerTo(schedule));
        Assert.Equal("2020-11-09", scheduled.GetProperty("from").GetString());
        var step = scheduled.GetProperty("steps")[0];
        Assert.Equal("pipeline", step.GetProperty("job").GetString());
        var backfilled = RuntimeApiFake.Json(await api.AnswerTo(backfill));
        Assert.Equal(2, backfilled.GetProperty("steps").GetArrayLength());
        Assert.Equal("Reused", backfilled.GetProperty("cluster").GetString());
        var error = await api.AnswerTo(badDates);
        Assert.Equal("InvalidDateRangeException", error.Headers["Lambda-Runtime-Function-Error-Type"]);
        Assert.Contains("2020-02-30", RuntimeApiFake.Json(error).GetProperty("errorMessage").GetString());

        var stepId = step.GetProperty("stepId").GetString()!;
        var clusterId = scheduled.GetProperty("clusterId").GetString()!;
        var completed = api.Enqueue($$$"""{"version":"0","id":"e2","detail-type":"EMR Step Status Change","source":"aws.emr","time":"2020-11-10T05:12:00Z","region":"us-east-1","resources":[],"detail":{"severity":"INFO","actionOnFailure":"CONTINUE","stepId":"{{{stepId}}}","name":"covidspark:pipeline:2020-11-09:2020-11-09","clusterId":"{{{clusterId}}}","state":"COMPLETED","message":"Step {{{stepId}}} completed"}}""");
        var started = api.Enqueue($$$"""{"version":"0","id":"e3","detail-type":"EMR Step Status Change","source":"aws.emr","time":"2020-11-10T05:01:00Z","detail":{"stepId":"{{{stepId}}}","name":"covidspark:pipeline:2020-11-09:2020-11-09","clusterId":"{{{clusterId}}}","state":"RUNNING"}}""");
        var wrongKind = api.Enqueue("""{"from":"2020-01-01","to":"2020-01-02"}""");
        env = Environment("step-status", ledger.Table, api);
        Assert.Equal(0, await FunctionHost.RunAsync(k => env.GetValueOrDefault(k), log, new LambdaRuntimeOptions(MaxInvocations: 3), ledger.Time));

        Assert.Equal(1, RuntimeApiFake.Json(await api.AnswerTo(completed)).GetProperty("changed").GetInt32());
        Assert.Equal("IgnoredNotForward", RuntimeApiFake.Json(await api.AnswerTo(started)).GetProperty("results")[0].GetProperty("outcome").GetString());
        Assert.EndsWith("/error", (await api.AnswerTo(wrongKind)).Path);
        var record = await ledger.Ledger.GetAsync(new JobKey("pipeline", new DateOnly(2020, 11, 9)));
        Assert.Equal((JobState.Succeeded, new DateTimeOffset(2020, 11, 10, 5, 12, 0, TimeSpan.Zero)), (record!.State, record.EndedAt!.Value));

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => JsonDocument.Parse(l));
        Assert.Contains(lines, l => l.Contains("\"template\":\"Submitted step {StepId} on {ClusterId}: {Job} {Range}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(MotoServer.SecretKey + "\"", log.ToString());
    }

    [Fact]
    public async Task Unknown_handler_and_invalid_config_are_init_errors()
    {
        await using var api = new RuntimeApiFake();
        var env = Environment("notifier-typo", "t", api);
        Assert.Equal(1, await FunctionHost.RunAsync(k => env.GetValueOrDefault(k), new StringWriter(), new LambdaRuntimeOptions(MaxInvocations: 1)));
        Assert.Contains("launcher, notifier, step-status", RuntimeApiFake.Json(await api.AnswerTo("init")).GetProperty("errorMessage").GetString());

        await using var api2 = new RuntimeApiFake();
        var env2 = Environment("launcher", "t", api2);
        File.WriteAllText(_configFile, """{"bucket":"b","cluster":{"name":"x"},"jobs":{}}""");
        Assert.Equal(1, await FunctionHost.RunAsync(k => env2.GetValueOrDefault(k), new StringWriter(), new LambdaRuntimeOptions(MaxInvocations: 1)));
        var init = RuntimeApiFake.Json(await api2.AnswerTo("init"));
        Assert.Equal("EmrConfigException", init.GetProperty("errorType").GetString());
        Assert.Contains("$.cluster.releaseLabel: required", init.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Without_a_runtime_api_the_host_explains_itself()
    {
        var log = new StringWriter();
        Assert.Equal(2, await FunctionHost.RunAsync(_ => null, log));
        Assert.Contains("AWS_LAMBDA_RUNTIME_API", log.ToString());
    }

    public void Dispose() => File.Delete(_configFile);
}
