using System.Collections.Concurrent;
using System.Text.Json;
using CovidSpark.Testing;

namespace CovidSpark.Testing;

/// <summary>Plays the Lambda Runtime API on a <see cref="LoopbackHttpServer"/>: hands out queued events and records answers.</summary>
public sealed class RuntimeApiFake : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Id, string Body, long DeadlineMs)> _events = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RecordedRequest>> _answers = new();
    private readonly LoopbackHttpServer _server;

    public RuntimeApiFake(TimeProvider? time = null)
    {
        var clock = time ?? TimeProvider.System;
        _server = new LoopbackHttpServer(req =>
        {
            if (req is { Method: "GET", Path: "/2018-06-01/runtime/invocation/next" })
            {
                if (!_events.TryDequeue(out var e)) return new ScriptedResponse(503, "no event queued");
                return new ScriptedResponse(200, e.Body, new Dictionary<string, string>
                {
                    ["Lambda-Runtime-Aws-Request-Id"] = e.Id,
                    ["Lambda-Runtime-Deadline-Ms"] = e.DeadlineMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:covidspark",
                    ["Lambda-Runtime-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793",
                });
            }
            if (req.Method == "POST")
            {
                var key = req.Path.Contains("/init/error", StringComparison.Ordinal) ? "init" : req.Path.Split('/')[4];
                Answer(key).TrySetResult(req);
                return new ScriptedResponse(202, "{\"status\":\"OK\"}");
            }
            return new ScriptedResponse(404, "unknown");
        });
        Clock = clock;
    }

    public TimeProvider Clock { get; }

    /// <summary>host:port as in AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => _server.BaseUri.Authority;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public string Enqueue(string body, TimeSpan? timeout = null)
    {
        var id = Guid.NewGuid().ToString();
        _events.Enqueue((id, body, Clock.GetUtcNow().Add(timeout ?? TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds()));
        return id;
    }

    public Task<RecordedRequest> AnswerTo(string requestId) => Answer(requestId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public static JsonElement Json(RecordedRequest r) => JsonDocument.Parse(r.Body).RootElement.Clone();

    private TaskCompletionSource<RecordedRequest> Answer(string key) =>
        _answers.GetOrAdd(key, _ => new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
