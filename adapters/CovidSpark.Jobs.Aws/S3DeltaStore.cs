using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Delta.Storage;

namespace CovidSpark.Jobs.Aws;

/// <summary>
/// A Delta table root on S3 (<c>s3://bucket/prefix/table</c>) through AWSSDK.S3. A commit is a conditional PUT of the next
/// log file with <c>If-None-Match: *</c>: S3 stores it only if no object has that key, atomically, and answers
/// 412 Precondition Failed otherwise — reported as "already exists", so the transaction re-reads the log and retries
/// (or names the conflicting writer). S3 has had these conditional writes since August 2024; moto_server implements them.
/// Failed requests surface as <see cref="IOException"/> naming the object.
/// </summary>
public sealed class S3DeltaStore(IAmazonS3 s3, string tableRoot) : IDeltaStore
{
    private readonly (string Bucket, string Prefix) _root = Split(tableRoot);

    public string Location { get; } = tableRoot.TrimEnd('/');

    private static (string, string) Split(string uri)
    {
        var (bucket, key) = S3FileStore.Parse(uri);
        return (bucket, key.Length == 0 || key.EndsWith('/') ? key : key + "/");
    }

    private IOException Failed(string path, AmazonServiceException e) => new($"S3 request for {Location}/{path} failed: {e.Message}", e);

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
            throw Failed(path, e);
        }
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        try
        {
            await PutObjectAsync(path, content, ifNoneMatch: "*", ct).ConfigureAwait(false);
            return true;
        }
        // 412: the key exists. 409: a concurrent conditional write of the same key is in flight (S3 asks to retry; the
        // transaction's retry re-reads the log and finds the winner).
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (AmazonServiceException e)
        {
            throw Failed(path, e);
        }
    }

    public async Task PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        try { await PutObjectAsync(path, content, ifNoneMatch: null, ct).ConfigureAwait(false); }
        catch (AmazonServiceException e) { throw Failed(path, e); }
    }

    private async Task PutObjectAsync(string path, ReadOnlyMemory<byte> content, string? ifNoneMatch, CancellationToken ct)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var request = new PutObjectRequest { BucketName = _root.Bucket, Key = _root.Prefix + path, InputStream = body, AutoCloseStream = false };
        if (ifNoneMatch is not null) request.IfNoneMatch = ifNoneMatch;
        await s3.PutObjectAsync(request, ct).ConfigureAwait(false);
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

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        try { await s3.DeleteObjectAsync(_root.Bucket, _root.Prefix + path, ct).ConfigureAwait(false); }
        catch (AmazonServiceException e) { throw Failed(path, e); }
    }
}
