using System.Collections.Concurrent;
using System.Net;
using CovidSpark.Spark.Connect.Proto;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>One request the fake server received, with the gRPC headers it came with.</summary>
internal sealed record ReceivedCall(string Method, IMessage Request, IReadOnlyDictionary<string, string> Headers);

/// <summary>How the next execution stream misbehaves.</summary>
public enum StreamFault
{
    /// <summary>Fail the call with UNAVAILABLE after the given number of responses.</summary>
    Unavailable,
    /// <summary>Reset the HTTP/2 stream after the given number of responses.</summary>
    Abort,
    /// <summary>End the stream normally, without result_complete, after the given number of responses.</summary>
    EndEarly,
}

/// <summary>
/// An in-process Spark Connect server (Kestrel on 127.0.0.1, h2c) for tests. It records every request and
/// answers ExecutePlan with the responses <see cref="Answer"/> builds, numbering them (operation_id,
/// response_id) and ending with result_complete like Spark 3.5+. It buffers each operation's responses so
/// ReattachExecute resumes after last_response_id, and can inject faults (<see cref="InjectFault"/>), errors
/// (<see cref="FailWith"/>) and a stream that never ends (<see cref="Hang"/>).
/// </summary>
internal sealed class FakeSparkConnectServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSparkConnectServer(WebApplication app, ServerState state, Uri address)
    {
        _app = app;
        State = state;
        Address = address;
    }

    internal ServerState State { get; }

    public Uri Address { get; }

    public Guid SessionId { get; } = Guid.NewGuid();

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<ReceivedCall> Calls => [.. State.Calls];

    public IEnumerable<T> Requests<T>() where T : IMessage => Calls.Select(c => c.Request).OfType<T>();

    /// <summary>Builds the responses (without ids or result_complete) for an executed plan. Default: one empty batch.</summary>
    public Func<Plan, IReadOnlyList<ExecutePlanResponse>> Answer { set => State.Answer = value; }

    /// <summary>Answers AnalyzePlan requests other than the version request.</summary>
    public Func<AnalyzePlanRequest, AnalyzePlanResponse> Analyze { set => State.Analyze = value; }

    /// <summary>What AnalyzePlan.spark_version answers (default 3.5.1, EMR 7's Spark).</summary>
    public string SparkVersion { set => State.SparkVersion = value; }

    /// <summary>The session settings the client sent (Config.Set), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SessionConfig =>
        [.. Requests<ConfigRequest>().SelectMany(r => r.Operation.Set.Pairs).Select(p => KeyValuePair.Create(p.Key, p.Value))];

    /// <summary>Calls other than the session start (the version request and Config), in arrival order.</summary>
    public IReadOnlyList<ReceivedCall> PlanCalls =>
        [.. Calls.Where(c => c.Request is not ConfigRequest && c.Request is not AnalyzePlanRequest { AnalyzeCase: AnalyzePlanRequest.AnalyzeOneofCase.SparkVersion })];

    /// <summary>The next <paramref name="times"/> execution streams (ExecutePlan or ReattachExecute) break after <paramref name="afterResponses"/> responses.</summary>
    public void InjectFault(StreamFault fault, int afterResponses, int times = 1)
    {
        for (var i = 0; i < times; i++) State.Faults.Enqueue((fault, afterResponses));
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail with <paramref name="error"/>.</summary>
    public void FailWith(string method, RpcException error, int times = 1)
    {
        for (var i = 0; i < times; i++) State.Errors.Enqueue((method, error));
    }

    /// <summary>Commands (temp views, writes) take this long, so concurrent actions overlap.</summary>
    public TimeSpan CommandDelay { set => State.CommandDelay = value; }

    /// <summary>ExecutePlan streams send their first response, then wait until the client goes away.</summary>
    public bool Hang { set => State.Hang = value; }

    /// <summary>Completes when a hanging stream has sent its first response.</summary>
    public Task HangStarted => State.HangStarted.Task;

    public string ConnectionString(string extra = "") =>
        $"sc://{Address.Host}:{Address.Port}/;user_id=tester;session_id={SessionId}{extra}";

    public static async Task<FakeSparkConnectServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024 * 1024);
        var state = new ServerState();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<FakeSparkConnectService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeSparkConnectServer(app, state, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The server's shared state (the gRPC service is created per call).</summary>
internal sealed class ServerState
{
    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();
    public ConcurrentDictionary<string, List<ExecutePlanResponse>> Operations { get; } = new();
    public ConcurrentQueue<(StreamFault Fault, int After)> Faults { get; } = new();
    public ConcurrentQueue<(string Method, RpcException Error)> Errors { get; } = new();
    public Func<Plan, IReadOnlyList<ExecutePlanResponse>> Answer { get; set; } = _ => [ArrowData.EmptyBatchResponse()];
    public Func<AnalyzePlanRequest, AnalyzePlanResponse> Analyze { get; set; } = _ => new AnalyzePlanResponse();
    public string SparkVersion { get; set; } = "3.5.1";
    public volatile bool Hang;
    public TimeSpan CommandDelay { get; set; }
    public TaskCompletionSource HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Record(string method, IMessage request, ServerCallContext context)
    {
        var headers = context.RequestHeaders
            .Where(h => !h.IsBinary)
            .GroupBy(h => h.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value);
        Calls.Enqueue(new ReceivedCall(method, request.Descriptor.Parser.ParseFrom(request.ToByteString()), headers));
    }

    public void ThrowIfFailing(string method)
    {
        if (Errors.TryPeek(out var next) && next.Method == method && Errors.TryDequeue(out next))
            throw next.Error;
    }
}
