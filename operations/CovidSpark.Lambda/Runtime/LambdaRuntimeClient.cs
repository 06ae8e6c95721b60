using CovidSpark.Aws;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CovidSpark.Lambda.Runtime;

/// <summary>
/// Client of the Lambda Runtime API (<c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/…</c>): next invocation, response, invocation
/// error and init error.
/// </summary>
public sealed class LambdaRuntimeClient
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Creates a client for <paramref name="runtimeApi"/> (<c>host:port</c> as in <c>AWS_LAMBDA_RUNTIME_API</c>, or a full URL).</summary>
    /// <exception cref="ArgumentException">The address is not usable.</exception>
    public LambdaRuntimeClient(HttpClient http, string runtimeApi)
    {
        _http = http;
        var text = runtimeApi.Contains("://", StringComparison.Ordinal) ? runtimeApi : "http://" + runtimeApi;
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri))
            throw new ArgumentException($"'{runtimeApi}' is not a Runtime API address (expected host:port)", nameof(runtimeApi));
        _base = uri;
    }

    /// <summary>Waits for the next invocation (long poll; no timeout of its own).</summary>
    /// <exception cref="LambdaRuntimeException">The Runtime API answered with an error or without a request id.</exception>
    public async Task<LambdaInvocation> NextAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(_base, $"{Version}/runtime/invocation/next"), HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new LambdaRuntimeException("next", (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new LambdaRuntimeException("next", (int)response.StatusCode, "no Lambda-Runtime-Aws-Request-Id header");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        var payload = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        return new LambdaInvocation(requestId, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"), Header(response, "Lambda-Runtime-Trace-Id"), payload);
    }

    /// <summary>Posts the handler's response.</summary>
    public Task RespondAsync(string requestId, ReadOnlyMemory<byte> json, CancellationToken ct) =>
        PostAsync($"{Version}/runtime/invocation/{Uri.EscapeDataString(requestId)}/response", "response", new ReadOnlyMemoryContent(json), null, ct);

    /// <summary>Reports that the invocation failed.</summary>
    public Task ReportErrorAsync(string requestId, LambdaError error, CancellationToken ct) =>
        PostAsync($"{Version}/runtime/invocation/{Uri.EscapeDataString(requestId)}/error", "error", ErrorContent(error), error.ErrorType, ct);

    /// <summary>Reports that the function could not initialise (Lambda then fails the pending invocation and restarts).</summary>
    public Task ReportInitErrorAsync(LambdaError error, CancellationToken ct) =>
        PostAsync($"{Version}/runtime/init/error", "init error", ErrorContent(error), error.ErrorType, ct);

    private static ByteArrayContent ErrorContent(LambdaError error) =>
        new(JsonSerializer.SerializeToUtf8Bytes(error, LambdaRuntimeJsonContext.Default.LambdaError));

    private async Task PostAsync(string path, string what, HttpContent content, string? errorType, CancellationToken ct)
    {
        using (content)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path)) { Content = content };
            if (errorType is not null) request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new LambdaRuntimeException(what, (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The Runtime API refused a call (e.g. 413 payload too large, 500 runtime gone).</summary>
public sealed class LambdaRuntimeException(string call, int status, string body)
    : CovidSparkOperationsException($"Lambda Runtime API {call} failed with HTTP {status}: {body}")
{
    public string Call { get; } = call;
    public int Status { get; } = status;
}
