using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Spark.Connect;

/// <summary>Event ids of the Spark Connect engine (2000-2099).</summary>
internal static class SparkConnectEventIds
{
    public const int Connecting = 2001;
    public const int Executing = 2002;
    public const int Reattaching = 2003;
    public const int Retrying = 2004;
    public const int Interrupted = 2005;
    public const int ReleaseFailed = 2006;
    public const int InterruptFailed = 2007;
    public const int TokenInPlaintext = 2008;
    public const int Completed = 2009;
    public const int StreamEnded = 2010;
    public const int WaitingForServer = 2011;
    public const int SessionReady = 2012;
}

/// <summary>Structured log messages of the Spark Connect engine (logger category <c>CovidSpark.Spark.Connect</c>). Never logs tokens or literals.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = SparkConnectEventIds.Connecting, Level = LogLevel.Information,
        Message = "Spark Connect session {SessionId} for user {UserId} at {Address}")]
    public static partial void Connecting(ILogger logger, Guid sessionId, string userId, Uri address);

    [LoggerMessage(EventId = SparkConnectEventIds.Executing, Level = LogLevel.Debug,
        Message = "ExecutePlan {Kind} operation {OperationId}")]
    public static partial void Executing(ILogger logger, string kind, string operationId);

    [LoggerMessage(EventId = SparkConnectEventIds.Reattaching, Level = LogLevel.Warning,
        Message = "Execution stream of operation {OperationId} ended early ({Reason}); reattaching after response {LastResponseId} in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Reattaching(ILogger logger, string operationId, string reason, string? lastResponseId, long delayMs, int attempt);

    [LoggerMessage(EventId = SparkConnectEventIds.StreamEnded, Level = LogLevel.Debug,
        Message = "Server closed the execution stream of operation {OperationId} before the result was complete; reattaching after response {LastResponseId}")]
    public static partial void StreamEnded(ILogger logger, string operationId, string? lastResponseId);

    [LoggerMessage(EventId = SparkConnectEventIds.Retrying, Level = LogLevel.Warning,
        Message = "{Method} failed with {StatusCode}; retrying in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string method, StatusCode statusCode, long delayMs, int attempt);

    [LoggerMessage(EventId = SparkConnectEventIds.Interrupted, Level = LogLevel.Information,
        Message = "Cancelled: interrupted operation {OperationId} on the server")]
    public static partial void Interrupted(ILogger logger, string operationId);

    [LoggerMessage(EventId = SparkConnectEventIds.InterruptFailed, Level = LogLevel.Warning,
        Message = "Cancelled, but interrupting operation {OperationId} failed: {Reason}")]
    public static partial void InterruptFailed(ILogger logger, string operationId, string reason);

    [LoggerMessage(EventId = SparkConnectEventIds.ReleaseFailed, Level = LogLevel.Debug,
        Message = "ReleaseExecute of operation {OperationId} failed (the server frees it on its own): {Reason}")]
    public static partial void ReleaseFailed(ILogger logger, string operationId, string reason);

    [LoggerMessage(EventId = SparkConnectEventIds.TokenInPlaintext, Level = LogLevel.Warning,
        Message = "Sending a bearer token to {Address} without TLS because use_ssl=false was given")]
    public static partial void TokenInPlaintext(ILogger logger, Uri address);

    [LoggerMessage(EventId = SparkConnectEventIds.Completed, Level = LogLevel.Debug,
        Message = "Operation {OperationId} complete: {Responses} responses, {Reattaches} reattaches")]
    public static partial void Completed(ILogger logger, string operationId, int responses, int reattaches);

    [LoggerMessage(EventId = SparkConnectEventIds.WaitingForServer, Level = LogLevel.Information,
        Message = "Spark Connect at {Address} does not answer yet; asking again for up to {SecondsLeft} s")]
    public static partial void WaitingForServer(ILogger logger, Uri address, long secondsLeft);

    [LoggerMessage(EventId = SparkConnectEventIds.SessionReady, Level = LogLevel.Information,
        Message = "Spark Connect server runs Spark {Version}; plans are compiled for {Target}")]
    public static partial void SessionReady(ILogger logger, string version, SparkTarget target);
}
