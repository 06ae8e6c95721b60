using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CovidSpark.Aws.Tests;

/// <summary>The one AWSSDK client factory, against moto: the endpoint, region and credentials every host resolves the same way.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsSdkClientFactoryTests(MotoServer moto)
{
    /// <summary>Nothing listens there: a client sent to it fails.</summary>
    private const string Nowhere = "http://127.0.0.1:9/";

    private Func<string, string?> Env(params (string Key, string Value)[] pairs)
    {
        var map = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        };
        foreach (var (k, v) in pairs) map[k] = v;
        return k => map.GetValueOrDefault(k);
    }

    [Fact]
    public async Task S3_takes_its_own_endpoint_variable_over_the_global_one_and_addresses_the_emulator_path_style()
    {
        // No region, no option: the credentials, the per-service endpoint and the emulator's region all come from the environment lookup.
        var aws = AwsSettingsResolver.FromOptions(null, null, Env(("AWS_ENDPOINT_URL", Nowhere), ("AWS_ENDPOINT_URL_S3", moto.Endpoint.ToString())));
        using var s3 = AwsSdkClientFactory.S3(aws);
        var bucket = "factory-" + Guid.NewGuid().ToString("N")[..12];

        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b.txt", ContentBody = "hello" });
        using var read = await s3.GetObjectAsync(bucket, "a/b.txt");

        Assert.Equal("hello", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        Assert.True(((AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public async Task The_endpoint_option_beats_every_environment_variable()
    {
        var aws = AwsSettingsResolver.FromOptions(MotoServer.Region, moto.Endpoint.ToString(),
            Env(("AWS_ENDPOINT_URL", Nowhere), ("AWS_ENDPOINT_URL_DYNAMODB", Nowhere)));
        using var dynamo = AwsSdkClientFactory.Create(AwsServiceDescriptor.DynamoDb, aws, (AmazonDynamoDBConfig c) => new AmazonDynamoDBClient(c),
            c => c.MaxErrorRetry = 0);

        var tables = await dynamo.ListTablesAsync();

        Assert.NotNull(tables.TableNames);
    }

    [Fact]
    public void Without_an_override_the_client_uses_the_regional_endpoint_and_leaves_credentials_to_the_sdk_chain()
    {
        AmazonS3Config? seen = null;
        using var s3 = AwsSdkClientFactory.Create(AwsServiceDescriptor.S3, AwsSettingsResolver.FromOptions("eu-west-1", null, _ => null),
            (AmazonS3Config c) => { seen = c; return new AmazonS3Client(new AnonymousAWSCredentials(), c); }, c => c.Timeout = TimeSpan.FromSeconds(7));

        Assert.NotNull(seen);
        Assert.Equal("eu-west-1", seen.RegionEndpoint?.SystemName);
        Assert.Null(seen.ServiceURL);
        Assert.False(seen.ForcePathStyle);
        Assert.Null(seen.DefaultAWSCredentials);
        Assert.Equal(TimeSpan.FromSeconds(7), seen.Timeout);                                        // configure runs last
    }
}
