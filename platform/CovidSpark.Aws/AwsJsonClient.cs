using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using CovidSpark.Aws.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Aws;

/// <summary>
/// A generic client for AWS services that speak the JSON protocol (EMR, DynamoDB Streams, …): serialises a request with
/// source-generated System.Text.Json metadata, signs it with SigV4, posts it with <c>X-Amz-Target</c>, retries throttling,
/// 5xx and transport failures with jittered exponential backoff, and turns error documents into <see cref="AwsServiceException"/>.
/// Thread-safe; one instance per service and account is enough.
/// </summary>
public sealed partial class AwsJsonClient
{
    private readonly HttpClient _http;
    private readonly AwsClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<AWSCredentials> _credentials;

    /// <summary>Creates a client; region and endpoint are resolved now so configuration mistakes surface at once.</summary>
    /// <param name="service">Which service and wire flavour (see <see cref="AwsServiceDescriptor.Emr"/>, <see cref="AwsServiceDescriptor.DynamoDbStreams"/>).</param>
    /// <param name="http">The HTTP client to send with; the caller owns it.</param>
    /// <param name="options">Region, endpoint, credentials, retry and clock; null uses the defaults and the environment.</param>
    /// <param name="logger">Receives one debug line per call and a warning per retry.</param>
    /// <exception cref="AwsConfigurationException">No region, an invalid endpoint override or an unknown profile.</exception>
    public AwsJsonClient(AwsServiceDescriptor service, HttpClient http, AwsClientOptions? options = null, ILogger? logger = null)
    {
        Service = service;
        _http = http;
        _options = options ?? new AwsClientOptions();
        _logger = logger ?? NullLogger.Instance;
        Region = AwsSettingsResolver.ResolveRegion(_options);
        Endpoint = AwsSettingsResolver.ResolveEndpoint(service, _options, Region);
        var credentials = AwsSettingsResolver.ResolveCredentials(_options);
        _credentials = new Lazy<AWSCredentials>(() => credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The service this client talks to.</summary>
    public AwsServiceDescriptor Service { get; }

    /// <summary>The resolved region (also the SigV4 region).</summary>
    public string Region { get; }

    /// <summary>The resolved endpoint requests are posted to.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Calls one operation: <c>POST /</c> with <c>X-Amz-Target: {TargetPrefix}.{operation}</c> and the JSON of <paramref name="request"/>.
    /// </summary>
    /// <param name="operation">Operation name (<c>AddJobFlowSteps</c>) or a full target (<c>DynamoDBStreams_20120810.GetRecords</c>).</param>
    /// <param name="request">Request body.</param>
    /// <param name="requestType">Source-generated metadata of the request type.</param>
    /// <param name="responseType">Source-generated metadata of the response type; an empty body reads as <c>{}</c>.</param>
    /// <param name="cancellationToken">Cancels the call, including backoff waits.</param>
    /// <param name="idempotent">
    /// False for a call that must not run twice (e.g. <c>AddJobFlowSteps</c>): it is retried only when the service says it refused it
    /// (throttling, a 4xx); a transport failure, a timeout or a 5xx — after which the call may have been carried out — is thrown at once.
    /// </param>
    /// <exception cref="AwsServiceException">The service rejected the call (after retries when retryable).</exception>
    /// <exception cref="AwsTransportException">The service could not be reached (after retries).</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken = default, bool idempotent = true)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var text = await SendRawAsync(operation, body, cancellationToken, idempotent).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(string.IsNullOrWhiteSpace(text) ? "{}" : text, responseType)
                   ?? throw new JsonException("the response body is null");
        }
        catch (JsonException e)
        {
            throw new AwsTransportException(Service.SigningName, operation, Endpoint, 1, new InvalidDataException($"unreadable {operation} response: {e.Message}", e));
        }
    }

    /// <summary>Calls one operation with a raw JSON body and returns the raw JSON answer; the typed overload is preferred.</summary>
    public async Task<string> SendRawAsync(string operation, byte[] jsonBody, CancellationToken cancellationToken = default, bool idempotent = true)
    {
        var target = Service.Target(operation);
        var policy = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var credentials = await _credentials.Value.GetCredentialsAsync().ConfigureAwait(false);
            using var message = SigV4RequestSigner.CreateSignedRequest(Endpoint, target, jsonBody, Service.ContentType,
                Service.SigningName, Region, credentials, _options.Time.GetUtcNow().UtcDateTime);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt < policy.MaxAttempts && idempotent)
            {
                LogTransportRetry(_logger, target, attempt, e.Message);
                await DelayAsync(policy, attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new AwsTransportException(Service.SigningName, operation, Endpoint, attempt, e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt < policy.MaxAttempts && idempotent)
                {
                    LogTransportRetry(_logger, target, attempt, "timeout");
                    await DelayAsync(policy, attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new AwsTransportException(Service.SigningName, operation, Endpoint, attempt, e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    LogCall(_logger, target, (int)response.StatusCode, attempt);
                    return text;
                }
                var error = AwsErrorParser.Parse(response, text);
                if (AwsRetryPolicy.IsRetryable((int)response.StatusCode, error.Code) && attempt < policy.MaxAttempts && (idempotent || (int)response.StatusCode < 500))
                {
                    LogServiceRetry(_logger, target, attempt, (int)response.StatusCode, error.Code);
                    await DelayAsync(policy, attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new AwsServiceException(Service.SigningName, operation, response.StatusCode, error.Code, error.Message, error.RequestId, attempt);
            }
        }
    }

    private Task DelayAsync(AwsRetryPolicy policy, int attempt, CancellationToken ct) =>
        Task.Delay(policy.Backoff(attempt, _options.Jitter()), _options.Time, ct);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "AWS {Target} answered {Status} after {Attempts} attempt(s)")]
    private static partial void LogCall(ILogger logger, string target, int status, int attempts);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "AWS {Target} attempt {Attempt} failed with {Status} {ErrorCode}; retrying")]
    private static partial void LogServiceRetry(ILogger logger, string target, int attempt, int status, string errorCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "AWS {Target} attempt {Attempt} could not reach the endpoint ({Reason}); retrying")]
    private static partial void LogTransportRetry(ILogger logger, string target, int attempt, string reason);
}

/// <summary>Reads an AWS JSON-protocol error answer.</summary>
internal static class AwsErrorParser
{
    internal readonly record struct AwsError(string Code, string Message, string? RequestId);

    public static AwsError Parse(HttpResponseMessage response, string body)
    {
        string? code = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String) continue;
                    if (p.NameEquals("__type") || p.NameEquals("code") || p.NameEquals("Code")) code ??= p.Value.GetString();
                    else if (p.NameEquals("message") || p.NameEquals("Message") || p.NameEquals("errorMessage")) message ??= p.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length > 300 ? body[..300] : body;
        }
        if (code is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var types)) code = types.FirstOrDefault();
        code = Normalize(code) ?? (response.StatusCode == HttpStatusCode.NotFound ? "NotFound" : $"Http{(int)response.StatusCode}");
        string? requestId = null;
        foreach (var header in new[] { "x-amzn-RequestId", "x-amz-request-id", "x-amz-id-2" })
            if (response.Headers.TryGetValues(header, out var values)) { requestId = values.FirstOrDefault(); break; }
        return new AwsError(code, string.IsNullOrWhiteSpace(message) ? response.ReasonPhrase ?? "no message" : message, requestId);
    }

    /// <summary><c>com.amazonaws.emr#InvalidRequestException</c> or <c>InvalidRequestException:http://…</c> → <c>InvalidRequestException</c>.</summary>
    internal static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0) code = code[..colon];
        return code.Trim();
    }
}
