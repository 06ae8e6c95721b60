using System.Runtime.CompilerServices;
using CovidSpark.Spark.Connect.Errors;
using CovidSpark.Spark.Connect.Proto;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using ProtoPlan = CovidSpark.Spark.Connect.Proto.Plan;

namespace CovidSpark.Spark.Connect.Transport;

/// <summary>
/// The gRPC side of a session: every request carries the session id, user context, client type and the
/// connection string's headers (bearer token, <c>x-aws-proxy-auth</c>, ...). Unary calls are retried on
/// transient failures; executions are reattachable (see <see cref="ExecuteAsync"/>).
/// </summary>
internal sealed class SparkConnectClient : IAsyncDisposable
{
    private readonly SparkConnectConnectionString _connection;
    private readonly GrpcChannel _channel;
    private readonly SparkConnectService.SparkConnectServiceClient _client;
    private readonly Metadata _headers;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interruptTimeout;
    private readonly ILogger _logger;

    public SparkConnectClient(SparkConnectOptions options, ILogger logger)
    {
        _connection = options.Connection;
        _retry = options.Retry;
        _time = options.TimeProvider;
        _interruptTimeout = options.InterruptTimeout;
        _logger = logger;
        _channel = GrpcChannel.ForAddress(_connection.Address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = _connection.MaxMessageSize,
            MaxSendMessageSize = _connection.MaxMessageSize,
            HttpHandler = options.HttpHandler,
            DisposeHttpClient = options.HttpHandler is null,
            Credentials = options.HeaderProvider is { } provider
                ? ChannelCredentials.Create(_connection.UseSsl ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, HeadersFrom(provider))
                : null,
            // Refreshed headers over h2c (a local proxy, the tests): the caller chose plaintext explicitly.
            UnsafeUseInsecureChannelCallCredentials = options.HeaderProvider is not null && !_connection.UseSsl,
        });
        _client = new SparkConnectService.SparkConnectServiceClient(_channel);
        _headers = [];
        if (_connection.Token is { } token)
        {
            _headers.Add("authorization", "Bearer " + token);
            if (!_connection.UseSsl && !SparkConnectConnectionString.IsLoopback(_connection.Host)) Log.TokenInPlaintext(logger, _connection.Address);
        }
        foreach (var (name, value) in _connection.Headers) _headers.Add(name, value);
        Log.Connecting(logger, _connection.SessionId, _connection.UserId, _connection.Address);
    }

    private static CallCredentials HeadersFrom(Func<CancellationToken, ValueTask<IReadOnlyDictionary<string, string>>> provider) =>
        CallCredentials.FromInterceptor(async (context, metadata) =>
        {
            foreach (var (name, value) in await provider(context.CancellationToken).ConfigureAwait(false))
                metadata.Add(name.ToLowerInvariant(), value);
        });

    private string SessionId => _connection.SessionId.ToString();

    private UserContext User => new() { UserId = _connection.UserId };

    public Task<AnalyzePlanResponse> AnalyzeAsync(AnalyzePlanRequest request, CancellationToken cancellationToken)
    {
        request.SessionId = SessionId;
        request.UserContext = User;
        request.ClientType = _connection.UserAgent;
        return UnaryAsync("AnalyzePlan", o => _client.AnalyzePlanAsync(request, o).ResponseAsync, cancellationToken);
    }

    /// <summary>
    /// The server's Spark version (<c>AnalyzePlan.spark_version</c>, the most trivial request there is). With a
    /// <paramref name="startupTimeout"/> above zero, a server that does not answer yet (UNAVAILABLE: not started, still
    /// starting) is asked again until the timeout has passed; then, or on any other failure, this throws.
    /// </summary>
    public async Task<string> SparkVersionAsync(TimeSpan startupTimeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + startupTimeout;
        while (true)
        {
            try
            {
                var response = await AnalyzeAsync(
                    new AnalyzePlanRequest { SparkVersion = new AnalyzePlanRequest.Types.SparkVersion() }, cancellationToken).ConfigureAwait(false);
                if (response.ResultCase != AnalyzePlanResponse.ResultOneofCase.SparkVersion)
                    throw new Spark.Errors.AnalysisException($"Spark answered a version request with {response.ResultCase}.");
                return response.SparkVersion.Version;
            }
            catch (SparkConnectServerException e) when (e.IsTransient && _time.GetUtcNow() < deadline)
            {
                Log.WaitingForServer(_logger, _connection.Address, (long)(deadline - _time.GetUtcNow()).TotalSeconds);
                if (!await DelayAsync(_retry.MaxBackoff, cancellationToken).ConfigureAwait(false))
                    throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    /// <summary>Sets session configuration values (<c>Config.Set</c>).</summary>
    public Task<ConfigResponse> SetConfigAsync(IEnumerable<KeyValuePair<string, string>> values, CancellationToken cancellationToken)
    {
        var set = new ConfigRequest.Types.Set();
        set.Pairs.AddRange(values.Select(v => new KeyValue { Key = v.Key, Value = v.Value }));
        var request = new ConfigRequest
        {
            SessionId = SessionId, UserContext = User, ClientType = _connection.UserAgent,
            Operation = new ConfigRequest.Types.Operation { Set = set },
        };
        return UnaryAsync("Config", o => _client.ConfigAsync(request, o).ResponseAsync, cancellationToken);
    }

    /// <summary>
    /// Runs a plan and streams its responses (result-complete markers are consumed here). The execution is
    /// reattachable: when the stream breaks with a transient error, or ends without <c>result_complete</c>,
    /// the client reattaches with the last response id it processed, so nothing is lost or seen twice. The retry
    /// budget restarts whenever a response arrives, and a clean stream end (Spark closes long streams itself) is
    /// not a failure. On cancellation the server operation is interrupted. When done the operation is released.
    /// Servers that do not send response ids (Spark 3.4) are read once.
    /// </summary>
    public async IAsyncEnumerable<ExecutePlanResponse> ExecuteAsync(ProtoPlan plan, string kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var operationId = Guid.NewGuid().ToString();
        var request = new ExecutePlanRequest
        {
            SessionId = SessionId,
            UserContext = User,
            ClientType = _connection.UserAgent,
            OperationId = operationId,
            Plan = plan,
            RequestOptions = { new ExecutePlanRequest.Types.RequestOption { ReattachOptions = new ReattachOptions { Reattachable = true } } },
        };
        Log.Executing(_logger, kind, operationId);
        string? lastResponseId = null;
        var responses = 0;
        var failures = 0;
        var cleanEnds = 0;
        var reattaches = 0;
        var reattachable = false;
        var call = _client.ExecutePlan(request, new CallOptions(_headers, cancellationToken: cancellationToken));
        try
        {
            while (true)
            {
                var step = await NextAsync(call, cancellationToken).ConfigureAwait(false);
                if (step.Response is { } response)
                {
                    failures = 0;
                    cleanEnds = 0;
                    responses++;
                    if (response.ResponseId.Length > 0)
                    {
                        lastResponseId = response.ResponseId;
                        reattachable = true;
                    }
                    if (response.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.ResultComplete) break;
                    yield return response;
                    continue;
                }
                if (step.Cancelled)
                {
                    await InterruptAsync(operationId).ConfigureAwait(false);
                    throw new OperationCanceledException(cancellationToken);
                }
                if (step.Error is null && responses > 0 && !reattachable) break; // pre-3.5 server: the stream end is the end
                if (step.Error is { } error && !TransientErrors.IsTransient(error))
                {
                    var info = SparkErrorInfo.From(error);
                    // The first ExecutePlan never reached the server: start it again rather than reattach.
                    if (responses == 0 && reattaches > 0 && info.ErrorClass == "INVALID_HANDLE.OPERATION_NOT_FOUND")
                    {
                        call.Dispose();
                        call = _client.ExecutePlan(request, new CallOptions(_headers, cancellationToken: cancellationToken));
                        continue;
                    }
                    throw SparkErrorInfo.ToException(reattaches == 0 ? "ExecutePlan" : "ReattachExecute", error);
                }
                TimeSpan delay;
                if (step.Error is null)
                {
                    // Spark closes reattachable streams on its own (spark.connect.execute.reattachable.senderMaxStreamDuration,
                    // 2 minutes by default), also while a long query has produced nothing yet: not a failure.
                    if (++cleanEnds > MaxCleanEndsWithoutProgress)
                        throw SparkErrorInfo.ToException("ExecutePlan", new RpcException(new Status(StatusCode.Unavailable,
                            $"the execution stream of operation {operationId} ended {cleanEnds - 1} times in a row without a response")));
                    delay = _retry.InitialBackoff;
                    Log.StreamEnded(_logger, operationId, lastResponseId);
                }
                else
                {
                    if (failures >= _retry.MaxRetries) throw SparkErrorInfo.ToException("ExecutePlan", step.Error);
                    delay = Backoff(failures++);
                    Log.Reattaching(_logger, operationId, step.Error.Status.StatusCode.ToString(), lastResponseId, (long)delay.TotalMilliseconds, failures);
                }
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    await InterruptAsync(operationId).ConfigureAwait(false);
                    throw new OperationCanceledException(cancellationToken);
                }
                call.Dispose();
                reattaches++;
                var reattach = new ReattachExecuteRequest { SessionId = SessionId, UserContext = User, ClientType = _connection.UserAgent, OperationId = operationId };
                if (lastResponseId is not null) reattach.LastResponseId = lastResponseId;
                call = _client.ReattachExecute(reattach, new CallOptions(_headers, cancellationToken: cancellationToken));
            }
        }
        finally
        {
            call.Dispose();
        }
        Log.Completed(_logger, operationId, responses, reattaches);
        if (reattachable) await ReleaseAsync(operationId).ConfigureAwait(false);
    }

    /// <summary>Clean stream ends in a row without a new response before giving up (about 33 hours at Spark's 2-minute default).</summary>
    private const int MaxCleanEndsWithoutProgress = 1000;

    private readonly record struct Step(ExecutePlanResponse? Response, RpcException? Error, bool Cancelled);

    private static async Task<Step> NextAsync(AsyncServerStreamingCall<ExecutePlanResponse> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false)
                ? new Step(call.ResponseStream.Current, null, false)
                : new Step(null, null, false);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            return new Step(null, null, true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new Step(null, null, true);
        }
        catch (RpcException e)
        {
            return new Step(null, e, false);
        }
    }

    private async Task InterruptAsync(string operationId)
    {
        var request = new InterruptRequest
        {
            SessionId = SessionId,
            UserContext = User,
            ClientType = _connection.UserAgent,
            InterruptType = InterruptRequest.Types.InterruptType.OperationId,
            OperationId = operationId,
        };
        try
        {
            await _client.InterruptAsync(request, new CallOptions(_headers, deadline: _time.GetUtcNow().UtcDateTime + _interruptTimeout)).ResponseAsync.ConfigureAwait(false);
            Log.Interrupted(_logger, operationId);
        }
        catch (RpcException e)
        {
            Log.InterruptFailed(_logger, operationId, e.Status.Detail);
        }
    }

    private async Task ReleaseAsync(string operationId)
    {
        var request = new ReleaseExecuteRequest
        {
            SessionId = SessionId,
            UserContext = User,
            ClientType = _connection.UserAgent,
            OperationId = operationId,
            ReleaseAll = new ReleaseExecuteRequest.Types.ReleaseAll(),
        };
        try
        {
            await _client.ReleaseExecuteAsync(request, new CallOptions(_headers, deadline: _time.GetUtcNow().UtcDateTime + _interruptTimeout)).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Log.ReleaseFailed(_logger, operationId, e.Status.Detail);
        }
    }

    private async Task<T> UnaryAsync<T>(string method, Func<CallOptions, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(new CallOptions(_headers, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (RpcException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException e) when (TransientErrors.IsTransient(e) && attempt < _retry.MaxRetries)
            {
                var delay = Backoff(attempt);
                Log.Retrying(_logger, method, e.StatusCode, (long)delay.TotalMilliseconds, attempt + 1);
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                    throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException e)
            {
                throw SparkErrorInfo.ToException(method, e);
            }
        }
    }

    private TimeSpan Backoff(int attempt) =>
        _retry.BackoffFor(attempt) + TimeSpan.FromMilliseconds(_retry.Jitter.TotalMilliseconds * Random.Shared.NextDouble());

    /// <summary>Waits; false when cancelled meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
