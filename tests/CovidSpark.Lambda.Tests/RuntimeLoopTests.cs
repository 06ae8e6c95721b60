using System.Text;
using CovidSpark.Lambda.Events;
using CovidSpark.Lambda.Runtime;

namespace CovidSpark.Lambda.Tests;

public sealed class RuntimeLoopTests
{
    private sealed class EchoHandler : IInvocationHandler
    {
        public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken ct)
        {
            var text = Encoding.UTF8.GetString(invocation.Payload.Span);
            if (text.Contains("boom", StringComparison.Ordinal)) throw new InvalidEventException("boom is not an event");
            if (text.Contains("slow", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Encoding.UTF8.GetBytes($$"""{"echo":{{text}},"requestId":"{{invocation.RequestId}}","arn":"{{invocation.FunctionArn}}"}""");
        }
    }

    [Fact]
    public async Task Loop_answers_each_invocation_with_a_response_or_an_error()
    {
        await using var api = new RuntimeApiFake();
        var ok = api.Enqueue("""{"n":1}""");
        var bad = api.Enqueue("""{"boom":true}""");
        var late = api.Enqueue("""{"slow":true}""", TimeSpan.FromMilliseconds(700));
        using var http = new HttpClient();
        var loop = new LambdaRuntimeLoop(new LambdaRuntimeClient(http, api.Address), TimeProvider.System);

        var exit = await loop.RunAsync(() => new EchoHandler(), new LambdaRuntimeOptions(MaxInvocations: 3, DeadlineMargin: TimeSpan.FromMilliseconds(200)));

        Assert.Equal(0, exit);
        var response = await api.AnswerTo(ok);
        Assert.Equal($"/2018-06-01/runtime/invocation/{ok}/response", response.Path);
        Assert.Equal(1, RuntimeApiFake.Json(response).GetProperty("echo").GetProperty("n").GetInt32());
        Assert.Contains("function:covidspark", RuntimeApiFake.Json(response).GetProperty("arn").GetString());

        var error = await api.AnswerTo(bad);
        Assert.Equal($"/2018-06-01/runtime/invocation/{bad}/error", error.Path);
        Assert.Equal("InvalidEventException", error.Headers["Lambda-Runtime-Function-Error-Type"]);
        Assert.Equal("boom is not an event", RuntimeApiFake.Json(error).GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidEventException", RuntimeApiFake.Json(error).GetProperty("errorType").GetString());

        var timeout = await api.AnswerTo(late);
        Assert.EndsWith("/error", timeout.Path);
        Assert.Equal("DeadlineExceeded", RuntimeApiFake.Json(timeout).GetProperty("errorType").GetString());
        Assert.Equal(3, api.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task Init_failure_is_reported_and_no_invocation_is_taken()
    {
        await using var api = new RuntimeApiFake();
        api.Enqueue("{}");
        using var http = new HttpClient();
        var loop = new LambdaRuntimeLoop(new LambdaRuntimeClient(http, api.Address), TimeProvider.System);

        var exit = await loop.RunAsync(() => throw new InvalidOperationException("emr-config.json: $.bucket: required"));

        Assert.Equal(1, exit);
        var init = await api.AnswerTo("init");
        Assert.Equal("/2018-06-01/runtime/init/error", init.Path);
        Assert.Contains("$.bucket", RuntimeApiFake.Json(init).GetProperty("errorMessage").GetString());
        Assert.DoesNotContain(api.Requests, r => r.Method == "GET");
    }

    [Theory]
    [InlineData("""{"version":"0","detail-type":"Scheduled Event","source":"aws.events","time":"2020-11-10T05:00:00Z","detail":{}}""", EventKind.Scheduled)]
    [InlineData("""{"detail-type":"EMR Step Status Change","source":"aws.emr","detail":{"state":"FAILED"}}""", EventKind.EmrStepStatusChange)]
    [InlineData("""{"from":"2020-01-01","to":"2020-01-31"}""", EventKind.Backfill)]
    [InlineData("""{"Records":[]}""", EventKind.Unknown)]
    public void Events_are_told_apart(string json, EventKind kind) => Assert.Equal(kind, EventSniffer.Kind(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Malformed_events_are_invalid_events()
    {
        Assert.Throws<InvalidEventException>(() => EventSniffer.Kind(Encoding.UTF8.GetBytes("[1,2]")));
        Assert.Throws<InvalidEventException>(() => EventSniffer.Kind(Encoding.UTF8.GetBytes("{nope")));
        Assert.Throws<InvalidEventException>(() => EventSniffer.Read(Encoding.UTF8.GetBytes("""{"from":3}"""), LambdaEventJsonContext.Default.BackfillPayload));
    }
}
