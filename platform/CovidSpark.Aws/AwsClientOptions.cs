using Amazon.Runtime;

namespace CovidSpark.Aws;

/// <summary>
/// Where and as whom every AWS client of the project calls AWS (<see cref="AwsJsonClient"/> and the AWSSDK clients of
/// <see cref="AwsSdkClientFactory"/>). Everything is optional: what is unset is resolved by <see cref="AwsSettingsResolver"/>
/// from the environment and the AWS configuration, in one order (option, then environment, then configuration, then default).
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>Region such as <c>eu-west-1</c>; null resolves from the environment or profile.</summary>
    public string? Region { get; init; }

    /// <summary>Endpoint override (a local emulator such as moto_server); null resolves from <c>AWS_ENDPOINT_URL*</c> or the public endpoint.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Explicit credentials; null resolves them (<see cref="AwsSettingsResolver.ResolveCredentials"/>).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>
    /// A named profile of the shared config/credentials files (<c>--profile</c>): its credentials and region come before the
    /// environment's; null leaves profiles to the SDK's default chain (<c>AWS_PROFILE</c>, else <c>default</c>).
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>Retry behaviour on throttling, 5xx and transport failures.</summary>
    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Default;

    /// <summary>Clock used for request signing.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads environment variables; replaceable so resolution can be tested without touching the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Random numbers in [0,1) for backoff jitter.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
