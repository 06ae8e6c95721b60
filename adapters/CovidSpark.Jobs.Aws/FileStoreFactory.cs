using Amazon.S3;
using CovidSpark.Aws;
using CovidSpark.Jobs.Storage;

namespace CovidSpark.Jobs.Aws;

/// <summary>Picks the store for a path: S3 for <c>s3://</c>, else the local disk. Owns the S3 client it creates.</summary>
public sealed class FileStoreFactory(AwsClientOptions aws) : IDisposable
{
    private readonly LocalFileStore _local = new();
    private AmazonS3Client? _s3;

    public IFileStore For(string path) => FileStorePaths.IsS3(path) ? new S3FileStore(S3) : _local;

    /// <summary>The S3 client of this factory (created on first use), for adapters that need S3 beyond <see cref="IFileStore"/>.</summary>
    public IAmazonS3 S3 => _s3 ??= CreateS3();

    private AmazonS3Client CreateS3()
    {
        // Same resolution as every other client: --endpoint-url, then AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else the public endpoint.
        var region = AwsSettingsResolver.ResolveRegion(aws);
        var endpoint = AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.S3, aws, region);
        var config = new AmazonS3Config();
        if (endpoint == AwsServiceDescriptor.S3.DefaultEndpoint(region))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        return aws.Credentials is { } c ? new AmazonS3Client(c, config) : new AmazonS3Client(config);
    }

    public void Dispose() => _s3?.Dispose();
}
