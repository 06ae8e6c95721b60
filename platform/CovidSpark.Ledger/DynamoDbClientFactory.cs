using Amazon.DynamoDBv2;
using CovidSpark.Aws;

namespace CovidSpark.Ledger;

/// <summary>The DynamoDB client of the ledger, built by <see cref="AwsSdkClientFactory"/> (the settings every other client uses).</summary>
public static class DynamoDbClientFactory
{
    /// <summary>Creates a client; dispose it when done. <paramref name="configure"/> may adjust the SDK config (timeouts, retries, an HTTP client factory).</summary>
    /// <exception cref="AwsConfigurationException">No region, an invalid endpoint override or an unknown profile.</exception>
    public static AmazonDynamoDBClient Create(AwsClientOptions options, Action<AmazonDynamoDBConfig>? configure = null) =>
        AwsSdkClientFactory.Create(AwsServiceDescriptor.DynamoDb, options, (AmazonDynamoDBConfig c) => new AmazonDynamoDBClient(c), configure);
}
