using Amazon.S3;
using CovidSpark.Delta.Storage;

namespace CovidSpark.Jobs.Aws.Catalog;

/// <summary>
/// A Delta table root on S3 for <em>reading</em> its log (the catalog reads schemas, it never commits): reads and listings
/// through <see cref="S3DeltaStore"/>. The write operations refuse with <see cref="NotSupportedException"/>.
/// </summary>
public sealed class S3DeltaReadStore(IAmazonS3 s3, string tableRoot) : IDeltaStore
{
    private readonly S3DeltaStore _store = new(s3, tableRoot);

    public string Location => _store.Location;

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct) => _store.ReadAsync(path, ct);

    public Task<IReadOnlyList<StoreEntry>> ListAsync(string directory, string? startAfter, bool recursive, CancellationToken ct) =>
        _store.ListAsync(directory, startAfter, recursive, ct);

    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct) => throw ReadOnly();

    public Task PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct) => throw ReadOnly();

    public Task DeleteAsync(string path, CancellationToken ct) => throw ReadOnly();

    private NotSupportedException ReadOnly() => new($"{Location}: this store only reads Delta logs (catalog sync); commits go through the jobs' writers");
}
