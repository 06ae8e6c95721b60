using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Jobs.Storage;

namespace CovidSpark.Jobs.Aws;

/// <summary>
/// S3 (<c>s3://bucket/key</c>) through AWSSDK.S3: what the driver writes there, Spark on EMR reads as <c>s3://</c> paths.
/// Failed requests surface as <see cref="IOException"/> naming the path, as the <see cref="IFileStore"/> port promises.
/// </summary>
public sealed class S3FileStore(IAmazonS3 s3) : IFileStore
{
    private static async Task<T> Io<T>(string path, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e)
        {
            throw new IOException($"S3 request for {path} failed: {e.Message}", e);
        }
    }

    private static Task Io(string path, Func<Task> call) => Io(path, async () => { await call(); return true; });

    public bool IsShared => true;

    /// <summary>Splits <c>s3://bucket/key</c>.</summary>
    /// <exception cref="ArgumentException">Not an s3:// URI with a bucket.</exception>
    public static (string Bucket, string Key) Parse(string uri)
    {
        var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0 || !FileStorePaths.IsS3(uri)) throw new ArgumentException($"'{uri}' is not an s3://bucket/key URI.", nameof(uri));
        return (bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    private static string Prefix(string key) => key.Length == 0 || key.EndsWith('/') ? key : key + "/";

    private async IAsyncEnumerable<(List<S3Object> Objects, List<string> Prefixes)> PagesAsync(string folder, string? delimiter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (bucket, key) = Parse(folder);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = Prefix(key), Delimiter = delimiter };
        ListObjectsV2Response page;
        do
        {
            page = await Io(folder, () => s3.ListObjectsV2Async(request, ct));
            yield return (page.S3Objects ?? [], page.CommonPrefixes ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
    }

    public async Task<IReadOnlyList<string>> ListFilesAsync(string folder, string extension, CancellationToken ct)
    {
        var (bucket, _) = Parse(folder);
        var files = new List<string>();
        await foreach (var (objects, _) in PagesAsync(folder, "/", ct))
            files.AddRange(objects.Where(o => o.Key.EndsWith(extension, StringComparison.OrdinalIgnoreCase)).Select(o => $"s3://{bucket}/{o.Key}"));
        return files.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<string>> ListFolderNamesAsync(string folder, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var (_, prefixes) in PagesAsync(folder, "/", ct))
            names.AddRange(prefixes.Select(p => FileStorePaths.FileName(p)));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<bool> AnyFileAsync(string folder, string extension, CancellationToken ct)
    {
        await foreach (var (objects, _) in PagesAsync(folder, null, ct))
            if (objects.Any(o => o.Key.EndsWith(extension, StringComparison.OrdinalIgnoreCase))) return true;
        return false;
    }

    public async Task<bool> FolderExistsAsync(string folder, CancellationToken ct)
    {
        await foreach (var (objects, prefixes) in PagesAsync(folder, "/", ct))
            if (objects.Count > 0 || prefixes.Count > 0) return true;
        return false;
    }

    public async Task<bool> FileExistsAsync(string path, CancellationToken ct)
    {
        var (bucket, key) = Parse(path);
        return await Io(path, async () =>
        {
            try
            {
                await s3.GetObjectMetadataAsync(bucket, key, ct);
                return true;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        });
    }

    public async Task<string> LocalCopyAsync(string path, string scratch, CancellationToken ct)
    {
        var (bucket, key) = Parse(path);
        var local = Path.Combine(scratch, bucket, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await Io(path, async () =>
        {
            using var response = await s3.GetObjectAsync(bucket, key, ct);
            await using var file = File.Create(local);
            await response.ResponseStream.CopyToAsync(file, ct);
        });
        return local;
    }

    public async Task PutFileAsync(string localFile, string path, CancellationToken ct)
    {
        var (bucket, key) = Parse(path);
        await Io(path, () => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = localFile, UseChunkEncoding = false }, ct));
    }

    public async Task WriteTextAsync(string path, string text, CancellationToken ct)
    {
        var (bucket, key) = Parse(path);
        await Io(path, () => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = text, UseChunkEncoding = false }, ct));
    }

    public async Task DeleteFileAsync(string path, CancellationToken ct)
    {
        var (bucket, key) = Parse(path);
        await Io(path, () => s3.DeleteObjectAsync(bucket, key, ct));
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        var (bucket, _) = Parse(folder);
        await foreach (var (objects, _) in PagesAsync(folder, null, ct))
        {
            foreach (var chunk in objects.Chunk(1000))
                await Io(folder, () => s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = chunk.Select(o => new KeyVersion { Key = o.Key }).ToList() }, ct));
        }
    }
}
