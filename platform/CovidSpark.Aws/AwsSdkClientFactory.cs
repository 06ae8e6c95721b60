using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace CovidSpark.Aws;

/// <summary>
/// The one way the project builds an AWSSDK client (DynamoDB, S3, SSM, …): region, endpoint override and credentials from
/// <see cref="AwsSettingsResolver"/> — the same settings the signed JSON clients (EMR, Glue, DynamoDB Streams) use — and, for
/// S3 against an endpoint override (moto), path-style addressing. Timeouts and retries a host wants go through <c>configure</c>.
/// </summary>
public static class AwsSdkClientFactory
{
    /// <summary>Creates a client of any AWSSDK service; the caller disposes it.</summary>
    /// <typeparam name="TConfig">The service's config type, e.g. <c>AmazonDynamoDBConfig</c>.</typeparam>
    /// <typeparam name="TClient">The client type.</typeparam>
    /// <param name="service">Which service: names the per-service override variable (<c>AWS_ENDPOINT_URL_{key}</c>) and the public endpoint.</param>
    /// <param name="options">Region, endpoint, profile, credentials and environment.</param>
    /// <param name="create">The client's constructor over a config, e.g. <c>c =&gt; new AmazonDynamoDBClient(c)</c>.</param>
    /// <param name="configure">Adjusts the config last (timeouts, retries, an HTTP client factory).</param>
    /// <exception cref="AwsConfigurationException">No region, an invalid endpoint override or an unknown profile.</exception>
    /// <example><code>using var ssm = AwsSdkClientFactory.Create(AwsServiceDescriptor.Ssm, aws, (AmazonSimpleSystemsManagementConfig c) =&gt; new AmazonSimpleSystemsManagementClient(c));</code></example>
    public static TClient Create<TConfig, TClient>(AwsServiceDescriptor service, AwsClientOptions options, Func<TConfig, TClient> create,
        Action<TConfig>? configure = null)
        where TConfig : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(create);
        var config = Configure(new TConfig(), service, options);
        configure?.Invoke(config);
        return create(config);
    }

    /// <summary>An S3 client (path-style against an endpoint override); the caller disposes it.</summary>
    /// <exception cref="AwsConfigurationException">No region, an invalid endpoint override or an unknown profile.</exception>
    public static AmazonS3Client S3(AwsClientOptions options, Action<AmazonS3Config>? configure = null) =>
        Create(AwsServiceDescriptor.S3, options, (AmazonS3Config c) => new AmazonS3Client(c), configure);

    /// <summary>Points <paramref name="config"/> at the resolved region or endpoint and sets the resolved credentials.</summary>
    /// <exception cref="AwsConfigurationException">No region, an invalid endpoint override or an unknown profile.</exception>
    public static TConfig Configure<TConfig>(TConfig config, AwsServiceDescriptor service, AwsClientOptions options) where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        var region = AwsSettingsResolver.ResolveRegion(options);
        var endpoint = AwsSettingsResolver.ResolveEndpoint(service, options, region);
        if (endpoint == service.DefaultEndpoint(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            // An emulator answers on one host: bucket-in-the-host-name addressing would ask DNS for bucket.127.0.0.1.
            if (config is AmazonS3Config s3) s3.ForcePathStyle = true;
        }
        // Null leaves the SDK's default chain in charge (shared files, container or instance role).
        config.DefaultAWSCredentials = AwsSettingsResolver.ResolveCredentials(options);
        return config;
    }
}
