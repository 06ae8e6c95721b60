using Amazon.S3;
using CovidSpark.Aws;

namespace CovidSpark.Jobs.Storage;

/// <summary>Picks the store for a path: S3 for <c>s3://</c>, else the local disk. Owns the S3 client it creates.</summary>
public sealed class FileStoreFactory(AwsClientOptions aws) : IDisposable
{
    private readonly LocalFileStore _local = new();
    private AmazonS3Client? _s3;

    public IFileStore For(string path) => FileStorePaths.IsS3(path) ? new S3FileStore(_s3 ??= CreateS3()) : _local;

    private AmazonS3Client CreateS3()
    {
        var region = AwsSettingsResolver.ResolveRegion(aws);
        var config = new AmazonS3Config { ForcePathStyle = aws.EndpointUrl is not null };
        var fromEnvironment = aws.Environment("AWS_ENDPOINT_URL_S3") ?? aws.Environment("AWS_ENDPOINT_URL");
        var endpoint = aws.EndpointUrl ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? null : new Uri(fromEnvironment));
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        return aws.Credentials is { } c ? new AmazonS3Client(c, config) : new AmazonS3Client(config);
    }

    public void Dispose() => _s3?.Dispose();
}
