using System.Collections.Immutable;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;

namespace CovidSpark.Spark.Connect.Errors;

/// <summary>
/// Spark's error details from the <c>grpc-status-details-bin</c> trailer: a <c>google.rpc.Status</c> whose
/// <c>ErrorInfo</c> has the server exception class as <c>reason</c> and <c>errorClass</c>, <c>sqlState</c>,
/// <c>messageParameters</c> (JSON object) and <c>errorId</c> in its metadata.
/// </summary>
internal sealed record SparkErrorInfo(
    string? ErrorClass, string? SqlState, string? ExceptionClass, string? ErrorId, ImmutableSortedDictionary<string, string> MessageParameters)
{
    private static readonly SparkErrorInfo None = new(null, null, null, null, ImmutableSortedDictionary<string, string>.Empty);

    public static SparkErrorInfo From(RpcException e)
    {
        Google.Rpc.Status? status;
        try
        {
            status = e.GetRpcStatus();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return None; // a proxy sent a malformed trailer: keep the gRPC status alone
        }
        var info = status?.GetDetail<ErrorInfo>();
        if (info is null) return None;
        info.Metadata.TryGetValue("errorClass", out var errorClass);
        info.Metadata.TryGetValue("sqlState", out var sqlState);
        info.Metadata.TryGetValue("errorId", out var errorId);
        return new SparkErrorInfo(
            string.IsNullOrEmpty(errorClass) ? null : errorClass,
            string.IsNullOrEmpty(sqlState) ? null : sqlState,
            string.IsNullOrEmpty(info.Reason) ? null : info.Reason,
            string.IsNullOrEmpty(errorId) ? null : errorId,
            ParseParameters(info.Metadata.TryGetValue("messageParameters", out var p) ? p : null));
    }

    private static ImmutableSortedDictionary<string, string> ParseParameters(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return ImmutableSortedDictionary<string, string>.Empty;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return ImmutableSortedDictionary<string, string>.Empty;
            return doc.RootElement.EnumerateObject().ToImmutableSortedDictionary(
                p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return ImmutableSortedDictionary<string, string>.Empty.Add("raw", json);
        }
    }

    /// <summary>Wraps an RPC failure in the typed exception users catch.</summary>
    public static SparkConnectServerException ToException(string operation, RpcException e)
    {
        var info = From(e);
        return new SparkConnectServerException(operation, e.StatusCode, e.Status.Detail, info.ErrorClass, info.SqlState,
            info.ExceptionClass, info.ErrorId, info.MessageParameters, e);
    }
}
