using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Deploy.Artifacts;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Deploy.Upload;

/// <summary>
/// Puts an <see cref="UploadPlan"/> into the bucket idempotently: every object carries its SHA-256 as metadata
/// (<c>x-amz-meta-sha256</c>); an object already holding the same content is left alone, content already uploaded
/// under another key is copied server-side instead of sent again, and the lake's zone markers are created once.
/// </summary>
public sealed partial class BundleUploader(IAmazonS3 s3, ILogger<BundleUploader> logger)
{
    /// <summary>Metadata key holding the object's SHA-256 (lower-case hex).</summary>
    public const string Sha256Metadata = "sha256";

    /// <summary>Uploads the plan and the zone markers to <paramref name="bucket"/>.</summary>
    /// <exception cref="UploadException">S3 refused a request.</exception>
    public async Task<UploadReport> UploadAsync(string bucket, UploadPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<UploadedObject>();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var keyBySha = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var item in plan.Items)
        {
            if (!hashes.TryGetValue(item.LocalPath, out var sha))
                hashes[item.LocalPath] = sha = await Sha256Sums.ComputeAsync(item.LocalPath, cancellationToken).ConfigureAwait(false);
            var size = new FileInfo(item.LocalPath).Length;
            var existing = await StoredShaAsync(bucket, item.Key, cancellationToken).ConfigureAwait(false);
            UploadOutcome outcome;
            if (existing == sha)
            {
                outcome = UploadOutcome.Unchanged;
            }
            else if (keyBySha.TryGetValue(sha, out var sourceKey))
            {
                await Call(bucket, item.Key, "copy", () => s3.CopyObjectAsync(new CopyObjectRequest
                {
                    SourceBucket = bucket,
                    SourceKey = sourceKey,
                    DestinationBucket = bucket,
                    DestinationKey = item.Key,
                    MetadataDirective = S3MetadataDirective.COPY,
                }, cancellationToken)).ConfigureAwait(false);
                outcome = UploadOutcome.Copied;
            }
            else
            {
                var request = new PutObjectRequest { BucketName = bucket, Key = item.Key, FilePath = item.LocalPath, ContentType = item.ContentType };
                request.Metadata[Sha256Metadata] = sha;
                await Call(bucket, item.Key, "upload", () => s3.PutObjectAsync(request, cancellationToken)).ConfigureAwait(false);
                outcome = UploadOutcome.Uploaded;
            }
            keyBySha.TryAdd(sha, item.Key);
            results.Add(new UploadedObject(item.Key, outcome, size));
            LogObject(item.Key, outcome, size);
        }

        foreach (var zone in S3Layout.Zones)
        {
            if (await ExistsAsync(bucket, zone, cancellationToken).ConfigureAwait(false))
            {
                results.Add(new UploadedObject(zone, UploadOutcome.Unchanged, 0));
                continue;
            }
            await Call(bucket, zone, "create the folder marker", () => s3.PutObjectAsync(
                new PutObjectRequest { BucketName = bucket, Key = zone, ContentBody = "" }, cancellationToken)).ConfigureAwait(false);
            results.Add(new UploadedObject(zone, UploadOutcome.Uploaded, 0));
            LogObject(zone, UploadOutcome.Uploaded, 0);
        }
        return new UploadReport(bucket, results);
    }

    private async Task<string?> StoredShaAsync(string bucket, string key, CancellationToken ct)
    {
        var head = await HeadAsync(bucket, key, ct).ConfigureAwait(false);
        return head?.Metadata[Sha256Metadata];
    }

    private async Task<bool> ExistsAsync(string bucket, string key, CancellationToken ct) =>
        await HeadAsync(bucket, key, ct).ConfigureAwait(false) is not null;

    private async Task<GetObjectMetadataResponse?> HeadAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            return await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw new UploadException(bucket, key, $"cannot read the object's metadata: {e.ErrorCode}: {e.Message}", e);
        }
    }

    private static async Task Call<T>(string bucket, string key, string what, Func<Task<T>> call)
    {
        try { await call().ConfigureAwait(false); }
        catch (AmazonS3Exception e)
        {
            throw new UploadException(bucket, key, $"cannot {what}: {e.ErrorCode}: {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "{Key}: {Outcome} ({Bytes} bytes)")]
    private partial void LogObject(string key, UploadOutcome outcome, long bytes);
}
