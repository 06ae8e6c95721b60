using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace CovidSpark.Aws;

/// <summary>
/// The one rule for where an AWS setting comes from, used by every host and every client: a command-line option first, then the
/// environment, then the AWS configuration (a named profile, the SDK's shared files and instance metadata), then the default —
/// the order of the AWS CLI and SDKs. <see cref="FromOptions"/> turns a host's options into <see cref="AwsClientOptions"/>;
/// the clients resolve what is unset when they are built (<see cref="AwsJsonClient"/>, <see cref="AwsSdkClientFactory"/>).
/// </summary>
public static class AwsSettingsResolver
{
    /// <summary>The region of an emulator endpoint (moto) when nothing names one: emulators accept any region.</summary>
    public const string EmulatorRegion = "us-east-1";

    /// <summary>
    /// The settings a host's options name: <c>--region</c>, <c>--endpoint-url</c> (checked now), <c>--profile</c>; the rest is
    /// resolved from <paramref name="environment"/> and the AWS configuration when a client is built.
    /// </summary>
    /// <param name="region"><c>--region</c>, or null/blank.</param>
    /// <param name="endpointUrl"><c>--endpoint-url</c>, or null/blank.</param>
    /// <param name="environment">Environment variable lookup (the process environment unless a test or a Lambda hands one over).</param>
    /// <param name="time">Clock for request signing; the system clock by default.</param>
    /// <param name="profile"><c>--profile</c>, or null/blank.</param>
    /// <exception cref="AwsConfigurationException"><c>--endpoint-url</c> is not an absolute http(s) URL (a usage error).</exception>
    public static AwsClientOptions FromOptions(string? region, string? endpointUrl, Func<string, string?> environment,
        TimeProvider? time = null, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Uri? endpoint = null;
        if (Blank(endpointUrl) is { } raw && !TryHttpUrl(raw, out endpoint))
            throw AwsConfigurationException.ForOption("--endpoint-url", $"'{raw}' is not an absolute http(s) URL");
        return new AwsClientOptions
        {
            Region = Blank(region),
            EndpointUrl = endpoint,
            Profile = Blank(profile),
            Environment = environment,
            Time = time ?? TimeProvider.System,
        };
    }

    /// <summary>
    /// Region: <see cref="AwsClientOptions.Region"/>, then <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then the region of
    /// <see cref="AwsClientOptions.Profile"/>, then the SDK's fallback (<c>AWS_PROFILE</c>/default profile, instance metadata),
    /// then <see cref="EmulatorRegion"/> when an endpoint override names an emulator.
    /// </summary>
    /// <exception cref="AwsConfigurationException">No source names a region, or the named profile does not exist.</exception>
    public static string ResolveRegion(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var region = Blank(options.Region) ?? Blank(options.Environment("AWS_REGION")) ?? Blank(options.Environment("AWS_DEFAULT_REGION"))
            ?? NamedProfile(options)?.Region?.SystemName;
        if (region is not null) return region;
        Exception? fallbackError = null;
        try
        {
            region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            fallbackError = e;
        }
        if (region is not null) return region;
        if (HasEndpointOverride(options)) return EmulatorRegion;
        throw new AwsConfigurationException("region", "no region configured (pass --region or set AWS_REGION)", fallbackError);
    }

    /// <summary>
    /// Endpoint: <see cref="AwsClientOptions.EndpointUrl"/>, then <c>AWS_ENDPOINT_URL_{service}</c>, then <c>AWS_ENDPOINT_URL</c>,
    /// then the public regional endpoint of <paramref name="service"/>.
    /// </summary>
    /// <exception cref="AwsConfigurationException">An environment variable holds something that is not an absolute http(s) URL.</exception>
    public static Uri ResolveEndpoint(AwsServiceDescriptor service, AwsClientOptions options, string region)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        if (options.EndpointUrl is { } explicitUrl) return explicitUrl;
        foreach (var key in new[] { $"AWS_ENDPOINT_URL_{service.EndpointEnvironmentKey}", "AWS_ENDPOINT_URL" })
        {
            if (Blank(options.Environment(key)) is not { } raw) continue;
            if (TryHttpUrl(raw, out var uri)) return uri;
            throw new AwsConfigurationException(key, $"'{raw}' is not an absolute http(s) URL");
        }
        return service.DefaultEndpoint(region);
    }

    /// <summary>
    /// Credentials: <see cref="AwsClientOptions.Credentials"/>, then those of <see cref="AwsClientOptions.Profile"/>, then
    /// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>[/<c>AWS_SESSION_TOKEN</c>] of <see cref="AwsClientOptions.Environment"/>;
    /// null leaves them to the SDK's default chain (shared files, container or instance role).
    /// </summary>
    /// <exception cref="AwsConfigurationException">The named profile does not exist or holds no credentials.</exception>
    public static AWSCredentials? ResolveCredentials(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Credentials is { } explicitCredentials) return explicitCredentials;
        if (Blank(options.Profile) is { } profile)
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)) return fromProfile;
            throw AwsConfigurationException.ForOption("--profile", $"'{profile}' has no credentials in the shared config/credentials files");
        }
        return EnvironmentCredentials.TryCreate(options.Environment);
    }

    /// <summary>Whether the options or the environment point the clients at an endpoint of their own (an emulator such as moto).</summary>
    public static bool HasEndpointOverride(AwsClientOptions options) =>
        options.EndpointUrl is not null || Blank(options.Environment("AWS_ENDPOINT_URL")) is not null;

    private static CredentialProfile? NamedProfile(AwsClientOptions options)
    {
        if (Blank(options.Profile) is not { } name) return null;
        return new CredentialProfileStoreChain().TryGetProfile(name, out var profile)
            ? profile
            : throw AwsConfigurationException.ForOption("--profile", $"'{name}' was not found in the shared config/credentials files");
    }

    private static bool TryHttpUrl(string raw, out Uri uri) =>
        Uri.TryCreate(raw, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
