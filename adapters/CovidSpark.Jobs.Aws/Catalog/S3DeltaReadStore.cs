using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Delta.Storage;

namespace CovidSpark.Jobs.Aws.Catalog;

/// <summary>
/// A Delta table root on S3 for <em>reading</em> its log (the catalog reads schemas, it never commits): reads and listings
/// through AWSSDK.S3. The write operations refuse with <see cref="NotSupportedException"/>.
/// </summary>
public sealed class S3DeltaReadStore(IAmazonS3 s3, string tableRoot) : IDeltaStore
{
    private readonly (string Bucket, string Prefix) _root = Split(tableRoot);

    public string Location { get; } = tableRoot.TrimEnd('/');

    private static (string, string) Split(string uri)
    {
        var (bucket, key) = S3FileStore.Parse(uri);
        return (bucket, key.Length == 0 || key.EndsWith('/') ? key : key + "/");
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            using var response = await s3.GetObjectAsync(_root.Bucket, _root.Prefix + path, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonServiceException e)
        {
            throw new IOException($"S3 request for {Location}/{path} failed: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<StoreEntry>> ListAsync(string directory, string? startAfter, bool recursive, CancellationToken ct)
    {
        var prefix = _root.Prefix + (directory.Length == 0 || directory.EndsWith('/') ? directory : directory + "/");
        var request = new ListObjectsV2Request
        {
            BucketName = _root.Bucket,
            Prefix = prefix,
            Delimiter = recursive ? null : "/",
            StartAfter = startAfter is null ? null : prefix + startAfter,
        };
        var entries = new List<StoreEntry>();
        ListObjectsV2Response page;
        do
        {
            try
            {
                page = await s3.ListObjectsV2Async(request, ct).ConfigureAwait(false);
            }
            catch (AmazonServiceException e)
            {
                throw new IOException($"S3 listing of {Location}/{directory} failed: {e.Message}", e);
            }
            foreach (var o in page.S3Objects ?? [])
                entries.Add(new StoreEntry(o.Key[_root.Prefix.Length..], o.Size ?? 0, new DateTimeOffset(o.LastModified ?? DateTime.UnixEpoch, TimeSpan.Zero)));
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
        return entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct) => throw ReadOnly();

    public Task PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct) => throw ReadOnly();

    public Task DeleteAsync(string path, CancellationToken ct) => throw ReadOnly();

    private NotSupportedException ReadOnly() => new($"{Location}: this store only reads Delta logs (catalog sync); commits go through the jobs' writers");
}
