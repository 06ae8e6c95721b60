using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using CovidSpark.Aws;
using CovidSpark.Ledger;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>SDK clients pointed at the local cloud (moto): fake credentials, one region, path-style S3.</summary>
public sealed class LocalAws : IDisposable
{
    /// <summary>The credentials moto accepts (it does not check signatures); also given to the job processes.</summary>
    public const string AccessKey = "testing", SecretKey = "testing";

    /// <summary>Creates the clients for <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">moto_server.</param>
    /// <param name="region">Region.</param>
    /// <param name="time">Clock for signing.</param>
    /// <param name="credentials">Whose key; default the fake key moto accepts while it does not enforce IAM.</param>
    public LocalAws(Uri endpoint, string region, TimeProvider time, AWSCredentials? credentials = null)
    {
        Options = new AwsClientOptions { Region = region, EndpointUrl = endpoint, Credentials = credentials ?? new BasicAWSCredentials(AccessKey, SecretKey), Time = time };
        DynamoDb = DynamoDbClientFactory.Create(Options);
        S3 = AwsSdkClientFactory.S3(Options);
        Ssm = AwsSdkClientFactory.Create(AwsServiceDescriptor.Ssm, Options, (AmazonSimpleSystemsManagementConfig c) => new AmazonSimpleSystemsManagementClient(c));
    }

    /// <summary>Options for the project's own clients (EMR, ledger, notifier).</summary>
    public AwsClientOptions Options { get; }

    /// <summary>DynamoDB (the ledger table).</summary>
    public Amazon.DynamoDBv2.AmazonDynamoDBClient DynamoDb { get; }

    /// <summary>S3, path-style (the sample inputs).</summary>
    public AmazonS3Client S3 { get; }

    /// <summary>SSM Parameter Store (the webhook's SecureString).</summary>
    public AmazonSimpleSystemsManagementClient Ssm { get; }

    public void Dispose()
    {
        DynamoDb.Dispose();
        S3.Dispose();
        Ssm.Dispose();
    }
}
