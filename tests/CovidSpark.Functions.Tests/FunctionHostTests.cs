using System.Text.Json;
using CovidSpark.Functions.Hosting;
using CovidSpark.Lambda.Runtime;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Functions.Tests;

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
    public async Task Manual_event_with_rerun_resubmits_completed_dates_and_the_schedule_never_does()
    {
        await using var ledger = await LedgerTestContext.CreateAsync(moto, new DateTimeOffset(2021, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var day = new DateOnly(2020, 11, 9);
        var key = new JobKey("pipeline", day);
        var neighbour = new JobKey("pipeline", day.AddDays(-1));
        foreach (var done in new[] { key, neighbour })
            await ledger.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", done.DataDate, done.DataDate, JobState.Succeeded, new JobCounts(5, 5, 0)));

        await using var api = new RuntimeApiFake(ledger.Time);
        var schedule = api.Enqueue("""{"version":"0","id":"e1","detail-type":"Scheduled Event","source":"aws.events","time":"2020-11-10T05:00:00Z","detail":{}}""");
        var plain = api.Enqueue("""{"from":"2020-11-08","to":"2020-11-09"}""");
        var dry = api.Enqueue("""{"from":"2020-11-09","to":"2020-11-09","rerun":true,"dryRun":true}""");
        var rerun = api.Enqueue("""{"from":"2020-11-09","to":"2020-11-09","jobs":["pipeline"],"rerun":true}""");
        var badFlag = api.Enqueue("""{"from":"2020-11-08","to":"2020-11-08","rerun":"yes"}""");
        var env = Environment("launcher", ledger.Table, api);
        Assert.Equal(0, await FunctionHost.RunAsync(k => env.GetValueOrDefault(k), new StringWriter(), new LambdaRuntimeOptions(MaxInvocations: 5), ledger.Time));

        var scheduled = RuntimeApiFake.Json(await api.AnswerTo(schedule));
        Assert.Equal((0, false, "SUCCEEDED"), (scheduled.GetProperty("steps").GetArrayLength(), scheduled.GetProperty("rerun").GetBoolean(),
            scheduled.GetProperty("skipped")[0].GetProperty("state").GetString()));
        Assert.Equal(0, RuntimeApiFake.Json(await api.AnswerTo(plain)).GetProperty("steps").GetArrayLength());
        var planned = RuntimeApiFake.Json(await api.AnswerTo(dry));
        Assert.Equal(("2020-11-09", true), (planned.GetProperty("reruns")[0].GetProperty("date").GetString(), planned.GetProperty("dryRun").GetBoolean()));

        var answer = RuntimeApiFake.Json(await api.AnswerTo(rerun));
        Assert.Equal(1, answer.GetProperty("datesRerun").GetInt32());
        var step = answer.GetProperty("steps")[0];
        Assert.Equal(("2020-11-09", "2020-11-09", 2), (step.GetProperty("from").GetString(), step.GetProperty("to").GetString(), step.GetProperty("maxAttempt").GetInt32()));
        var error = await api.AnswerTo(badFlag);
        Assert.Equal("InvalidEventException", error.Headers["Lambda-Runtime-Function-Error-Type"]);

        var record = await ledger.Ledger.GetAsync(key);
        Assert.Equal((JobState.Submitted, 2, step.GetProperty("stepId").GetString()), (record!.State, record.Attempt, record.StepId));
        Assert.Equal(JobState.Succeeded, record.PreviousAttempts.Single().State);
        var untouched = await ledger.Ledger.GetAsync(neighbour);
        Assert.Equal((JobState.Succeeded, 1), (untouched!.State, untouched.Attempt));
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
