using System.Net;

namespace CovidSpark.Aws;

/// <summary>Base of every failure raised by <see cref="AwsJsonClient"/>; says which service operation failed and whether a retry may help.</summary>
public abstract class AwsException : CovidSparkOperationsException
{
    protected AwsException(string service, string operation, string message, Exception? inner = null) : base(message, inner)
    {
        Service = service;
        Operation = operation;
    }

    /// <summary>SigV4 service name, e.g. <c>elasticmapreduce</c>.</summary>
    public string Service { get; }

    /// <summary>The operation that failed, e.g. <c>AddJobFlowSteps</c>.</summary>
    public string Operation { get; }

    /// <summary>True when the same call may succeed later (throttling, 5xx, network).</summary>
    public abstract override bool IsTransient { get; }
}

/// <summary>The service answered with an error document (<c>__type</c> / <c>message</c>), after any retries.</summary>
public sealed class AwsServiceException : AwsException
{
    public AwsServiceException(string service, string operation, HttpStatusCode statusCode, string errorCode, string errorMessage, string? requestId, int attempts)
        : base(service, operation, $"{service} {operation} failed: {errorCode}: {errorMessage} (HTTP {(int)statusCode}, request id {requestId ?? "n/a"}, {attempts} attempt(s))")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
        Attempts = attempts;
    }

    /// <summary>HTTP status of the last answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>AWS error code without namespace, e.g. <c>ValidationException</c> or <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own message.</summary>
    public string ErrorMessage { get; }

    /// <summary><c>x-amzn-RequestId</c> of the failed answer, to quote to AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    public override bool IsTransient => AwsRetryPolicy.IsRetryable((int)StatusCode, ErrorCode);
}

/// <summary>No answer could be obtained (connection refused, timeout, unreadable body) after any retries.</summary>
public sealed class AwsTransportException : AwsException
{
    public AwsTransportException(string service, string operation, Uri endpoint, int attempts, Exception inner)
        : base(service, operation, $"{service} {operation} could not reach {endpoint} after {attempts} attempt(s): {inner.Message}", inner)
    {
        Endpoint = endpoint;
        Attempts = attempts;
    }

    /// <summary>The endpoint that was called.</summary>
    public Uri Endpoint { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    public override bool IsTransient => true;
}
