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

    // The one client rule (AwsSdkClientFactory): --endpoint-url, then AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (path-style), else the public endpoint.
    private AmazonS3Client CreateS3() => AwsSdkClientFactory.S3(aws);

    public void Dispose() => _s3?.Dispose();
}
