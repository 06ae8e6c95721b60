using Amazon.Runtime;

namespace CovidSpark.Aws;

/// <summary>
/// Where and as whom <see cref="AwsJsonClient"/> calls AWS. Everything is optional: unset values come from the
/// standard AWS sources (<c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c>/profile, <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>/<c>AWS_ENDPOINT_URL</c>,
/// the SDK's default credential chain: environment, profile, container/instance role).
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>Region such as <c>eu-west-1</c>; null resolves from the environment or profile.</summary>
    public string? Region { get; init; }

    /// <summary>Endpoint override (a local emulator such as moto_server); null resolves from <c>AWS_ENDPOINT_URL*</c> or the public endpoint.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Explicit credentials; null uses the SDK's default credential chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Retry behaviour on throttling, 5xx and transport failures.</summary>
    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Default;

    /// <summary>Clock used for request signing.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads environment variables; replaceable so resolution can be tested without touching the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Random numbers in [0,1) for backoff jitter.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
