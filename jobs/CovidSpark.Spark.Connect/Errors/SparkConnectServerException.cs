using System.Collections.Immutable;
using CovidSpark.Spark.Errors;
using Grpc.Core;

namespace CovidSpark.Spark.Connect.Errors;

/// <summary>
/// A Spark Connect call failed: Spark rejected the plan (analysis error, missing file, bad cast under ANSI...)
/// or the server could not be reached. Carries what Spark reported in the <c>google.rpc.ErrorInfo</c> of the
/// gRPC status details (error class, SQL state, message parameters, server exception class); the
/// <see cref="RpcException"/> is the inner exception.
/// </summary>
public sealed class SparkConnectServerException : SparkJobsException
{
    internal SparkConnectServerException(
        string operation, StatusCode statusCode, string serverMessage, string? errorClass, string? sqlState,
        string? exceptionClass, string? errorId, ImmutableSortedDictionary<string, string> messageParameters, RpcException inner)
        : base(Describe(operation, statusCode, serverMessage, errorClass, sqlState), inner)
    {
        Operation = operation;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        ErrorClass = errorClass;
        SqlState = sqlState;
        ExceptionClass = exceptionClass;
        ErrorId = errorId;
        MessageParameters = messageParameters;
    }

    /// <summary>What the client was doing: <c>ExecutePlan</c>, <c>AnalyzePlan</c>, ...</summary>
    public string Operation { get; }

    /// <summary>The gRPC status code.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The server's message (the gRPC status detail).</summary>
    public string ServerMessage { get; }

    /// <summary>Spark's error class, e.g. <c>TABLE_OR_VIEW_NOT_FOUND</c>, <c>INVALID_HANDLE.SESSION_CLOSED</c>.</summary>
    public string? ErrorClass { get; }

    /// <summary>The SQLSTATE Spark assigned, e.g. <c>42P01</c>.</summary>
    public string? SqlState { get; }

    /// <summary>The server-side exception class, e.g. <c>org.apache.spark.sql.AnalysisException</c>.</summary>
    public string? ExceptionClass { get; }

    /// <summary>The server's id for the error (Spark 3.5+: usable with FetchErrorDetails).</summary>
    public string? ErrorId { get; }

    /// <summary>The parameters of Spark's error message template.</summary>
    public ImmutableSortedDictionary<string, string> MessageParameters { get; }

    /// <summary>
    /// True for failures a retry may fix: the server was unavailable, or Spark reported
    /// <c>INVALID_CURSOR.DISCONNECTED</c> for a dropped execution stream.
    /// </summary>
    public override bool IsTransient => InnerException is RpcException e ? TransientErrors.IsTransient(e) : TransientErrors.IsTransient(StatusCode, ErrorClass, ServerMessage);

    private static string Describe(string operation, StatusCode code, string message, string? errorClass, string? sqlState)
    {
        var tags = string.Join(", ", new[] { errorClass, sqlState is null ? null : "SQLSTATE " + sqlState }.Where(t => t is not null));
        return $"Spark Connect {operation} failed ({code}{(tags.Length == 0 ? "" : ", " + tags)}): {message}";
    }
}

/// <summary>Which failures are worth retrying (the same rule as Spark's own clients).</summary>
internal static class TransientErrors
{
    public static bool IsTransient(StatusCode code, string? errorClass, string? message) =>
        code == StatusCode.Unavailable
        || errorClass == "INVALID_CURSOR.DISCONNECTED"
        || (code is StatusCode.Internal or StatusCode.Unknown && message is not null && message.Contains("INVALID_CURSOR.DISCONNECTED", StringComparison.Ordinal));

    /// <summary>Also true when the HTTP/2 stream itself broke (reset, connection lost): the call never got a gRPC status from Spark.</summary>
    public static bool IsTransient(RpcException e) =>
        IsTransient(e.StatusCode, SparkErrorInfo.From(e).ErrorClass, e.Status.Detail)
        || (e.StatusCode is StatusCode.Internal or StatusCode.Unknown && e.Status.DebugException is HttpRequestException or IOException);
}
