using CovidSpark.Aws;
namespace CovidSpark.Lambda.Runtime;

/// <summary>One invocation as the Runtime API hands it out (<c>GET /2018-06-01/runtime/invocation/next</c>).</summary>
/// <param name="RequestId"><c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Deadline"><c>Lambda-Runtime-Deadline-Ms</c> as an instant.</param>
/// <param name="FunctionArn"><c>Lambda-Runtime-Invoked-Function-Arn</c>.</param>
/// <param name="TraceId"><c>Lambda-Runtime-Trace-Id</c> (X-Ray), if any.</param>
/// <param name="Payload">The event JSON, unparsed.</param>
public sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, ReadOnlyMemory<byte> Payload);

/// <summary>The error document the Runtime API expects (<c>errorType</c>, <c>errorMessage</c>, <c>stackTrace</c>).</summary>
/// <param name="ErrorType">Short type, e.g. <c>InvalidDateRangeException</c>.</param>
/// <param name="ErrorMessage">Message for the caller (no secrets).</param>
/// <param name="StackTrace">Frames, may be empty.</param>
public sealed record LambdaError(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace)
{
    /// <summary>Describes an exception (type name and message; stack trace lines included).</summary>
    public static LambdaError From(Exception e) =>
        new(e.GetType().Name, e.Message, e.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);
}

/// <summary>A handler the runtime loop calls once per invocation. Implementations are thin: parse the event, call a domain service, return JSON.</summary>
public interface IInvocationHandler
{
    /// <summary>Handles one event and returns the response JSON (UTF-8).</summary>
    /// <param name="invocation">The invocation, with its raw event JSON.</param>
    /// <param name="cancellationToken">Cancelled shortly before the invocation's deadline.</param>
    Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>An event the handler cannot accept (malformed JSON, unknown shape); reported to Lambda as a function error.</summary>
public sealed class InvalidEventException(string message, Exception? inner = null) : CovidSparkOperationsException(message, inner);
