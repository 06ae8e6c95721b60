using Amazon;
using Amazon.DynamoDBv2;
using CovidSpark.Aws;

namespace CovidSpark.Ledger;

/// <summary>Builds an AWSSDK.DynamoDBv2 client from the same settings as the EMR client (region, endpoint override incl. <c>AWS_ENDPOINT_URL</c>, credentials).</summary>
public static class DynamoDbClientFactory
{
    /// <summary>Creates a client; dispose it when done. <paramref name="configure"/> may adjust the SDK config (e.g. an HTTP client factory).</summary>
    /// <exception cref="AwsConfigurationException">No region, or an invalid endpoint override.</exception>
    public static AmazonDynamoDBClient Create(AwsClientOptions options, Action<AmazonDynamoDBConfig>? configure = null)
    {
        var region = AwsSettingsResolver.ResolveRegion(options);
        var endpoint = AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.DynamoDb, options, region);
        var config = new AmazonDynamoDBConfig();
        if (endpoint == AwsServiceDescriptor.DynamoDb.DefaultEndpoint(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        configure?.Invoke(config);
        return options.Credentials is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
    }
}
