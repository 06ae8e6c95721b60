using CovidSpark.Spark.Connect.Proto;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Status = Google.Rpc.Status;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>The fake's gRPC service: Spark Connect's RPCs over <see cref="ServerState"/>.</summary>
internal sealed class FakeSparkConnectService(ServerState state) : SparkConnectService.SparkConnectServiceBase
{
    public override async Task ExecutePlan(ExecutePlanRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        state.Record(nameof(ExecutePlan), request, context);
        state.ThrowIfFailing(nameof(ExecutePlan));
        if (request.Plan.Command is not null && state.CommandDelay > TimeSpan.Zero) await Task.Delay(state.CommandDelay, context.CancellationToken);
        var operationId = request.HasOperationId ? request.OperationId : Guid.NewGuid().ToString();
        var responses = state.Operations.GetOrAdd(operationId, _ => Number(request, operationId, state.Answer(request.Plan)));
        if (state.Hang)
        {
            await responseStream.WriteAsync(responses[0]);
            state.HangStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        await StreamAsync(responses, 0, responseStream, context);
    }

    public override async Task ReattachExecute(ReattachExecuteRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        state.Record(nameof(ReattachExecute), request, context);
        state.ThrowIfFailing(nameof(ReattachExecute));
        if (!state.Operations.TryGetValue(request.OperationId, out var responses))
            throw SparkError(StatusCode.Internal, "INVALID_HANDLE.OPERATION_NOT_FOUND", "org.apache.spark.SparkSQLException",
                $"Operation {request.OperationId} not found", sqlState: "HY000");
        var start = request.HasLastResponseId ? responses.FindIndex(r => r.ResponseId == request.LastResponseId) + 1 : 0;
        await StreamAsync(responses, start, responseStream, context);
    }

    public override Task<AnalyzePlanResponse> AnalyzePlan(AnalyzePlanRequest request, ServerCallContext context)
    {
        state.Record(nameof(AnalyzePlan), request, context);
        state.ThrowIfFailing(nameof(AnalyzePlan));
        var response = request.AnalyzeCase == AnalyzePlanRequest.AnalyzeOneofCase.SparkVersion
            ? new AnalyzePlanResponse { SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = state.SparkVersion } }
            : state.Analyze(request);
        response.SessionId = request.SessionId;
        return Task.FromResult(response);
    }

    public override Task<ConfigResponse> Config(ConfigRequest request, ServerCallContext context)
    {
        state.Record(nameof(Config), request, context);
        state.ThrowIfFailing(nameof(Config));
        return Task.FromResult(new ConfigResponse { SessionId = request.SessionId });
    }

    public override Task<InterruptResponse> Interrupt(InterruptRequest request, ServerCallContext context)
    {
        state.Record(nameof(Interrupt), request, context);
        return Task.FromResult(new InterruptResponse { SessionId = request.SessionId, InterruptedIds = { request.OperationId } });
    }

    public override Task<ReleaseExecuteResponse> ReleaseExecute(ReleaseExecuteRequest request, ServerCallContext context)
    {
        state.Record(nameof(ReleaseExecute), request, context);
        return Task.FromResult(new ReleaseExecuteResponse { SessionId = request.SessionId, OperationId = request.OperationId });
    }

    private async Task StreamAsync(List<ExecutePlanResponse> responses, int start, IServerStreamWriter<ExecutePlanResponse> stream, ServerCallContext context)
    {
        (StreamFault Fault, int After)? fault = state.Faults.TryDequeue(out var f) ? f : null;
        var sent = 0;
        for (var i = start; i < responses.Count; i++)
        {
            if (fault is { } x && sent == x.After)
            {
                switch (x.Fault)
                {
                    case StreamFault.Unavailable:
                        throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "connection reset by the test"));
                    case StreamFault.Abort:
                        context.GetHttpContext().Abort();
                        return;
                    case StreamFault.EndEarly:
                        return;
                }
            }
            await stream.WriteAsync(responses[i]);
            sent++;
        }
    }

    /// <summary>Adds operation and response ids and, for reattachable executions, the final result_complete.</summary>
    private static List<ExecutePlanResponse> Number(ExecutePlanRequest request, string operationId, IReadOnlyList<ExecutePlanResponse> answer)
    {
        var reattachable = request.RequestOptions.Any(o => o.ReattachOptions?.Reattachable == true);
        var list = answer.Select(r => r.Clone()).ToList();
        if (reattachable) list.Add(new ExecutePlanResponse { ResultComplete = new ExecutePlanResponse.Types.ResultComplete() });
        for (var i = 0; i < list.Count; i++)
        {
            list[i].SessionId = request.SessionId;
            list[i].OperationId = operationId;
            if (reattachable) list[i].ResponseId = $"{operationId}/{i}";
        }
        return list;
    }

    /// <summary>An error the way Spark reports it: gRPC status + google.rpc.ErrorInfo in the status details.</summary>
    public static RpcException SparkError(StatusCode code, string errorClass, string exceptionClass, string message,
        string? sqlState = null, string? messageParametersJson = null)
    {
        var info = new ErrorInfo { Reason = exceptionClass, Domain = "org.apache.spark" };
        info.Metadata["errorClass"] = errorClass;
        info.Metadata["classes"] = $"[\"{exceptionClass}\"]";
        if (sqlState is not null) info.Metadata["sqlState"] = sqlState;
        if (messageParametersJson is not null) info.Metadata["messageParameters"] = messageParametersJson;
        info.Metadata["errorId"] = "err-" + errorClass;
        var status = new Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        return status.ToRpcException();
    }
}
