namespace CovidSpark.Delta.Storage;

/// <summary>One object under a table root, as listed by <see cref="IDeltaStore.ListAsync"/>.</summary>
/// <param name="Path">Path relative to the table root, '/'-separated, not URL-encoded.</param>
public sealed record StoreEntry(string Path, long Size, DateTimeOffset LastModified);

/// <summary>
/// The storage port of one Delta table: everything the log needs from a file system or object store, rooted at the
/// table folder. The one operation that makes commits safe is <see cref="PutIfAbsentAsync"/>: it must create the object
/// with its whole content, or report that it already exists, atomically (local files: a hard link of a finished temp
/// file; S3: a conditional PUT with <c>If-None-Match: *</c>, 412 meaning "exists").
/// </summary>
public interface IDeltaStore
{
    /// <summary>A readable name of the table root for messages (a folder or URL).</summary>
    string Location { get; }

    /// <summary>The whole object, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken ct);

    /// <summary>Creates <paramref name="path"/> with <paramref name="content"/> unless it exists; false when it existed.</summary>
    Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>Creates or replaces <paramref name="path"/>; readers see the old or the new content, never a part.</summary>
    Task PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>
    /// Objects under <paramref name="directory"/> ("" for the root), sorted by path (ordinal). Only names after
    /// <paramref name="startAfter"/> (a file name within the directory) when given; recursive lists every level below.
    /// A missing directory lists nothing.
    /// </summary>
    Task<IReadOnlyList<StoreEntry>> ListAsync(string directory, string? startAfter, bool recursive, CancellationToken ct);

    /// <summary>Deletes the object; a missing one is not an error.</summary>
    Task DeleteAsync(string path, CancellationToken ct);
}
