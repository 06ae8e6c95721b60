namespace CovidSpark.Delta.Storage;

/// <summary>
/// <see cref="IDeltaStore"/> over a local (or mounted) folder. Writes go to a hidden temp file first; put-if-absent
/// then hard-links it to the final name (<see cref="File.Move(string,string,bool)"/> without overwrite, which fails when
/// the name exists), so a commit file is never seen half-written and two writers can never both create it.
/// </summary>
public sealed class LocalDeltaStore : IDeltaStore
{
    private readonly string _root;

    public LocalDeltaStore(string tableRoot) => _root = Path.GetFullPath(tableRoot);

    public string Location => _root;

    private string Full(string path) => path.Length == 0 ? _root : Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        try { return await File.ReadAllBytesAsync(Full(path), ct).ConfigureAwait(false); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var target = Full(path);
        if (File.Exists(target)) return false;
        var temp = await WriteTempAsync(target, content, ct).ConfigureAwait(false);
        try
        {
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public async Task PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var target = Full(path);
        var temp = await WriteTempAsync(target, content, ct).ConfigureAwait(false);
        File.Move(temp, target, overwrite: true);
    }

    private static async Task<string> WriteTempAsync(string target, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await stream.WriteAsync(content, ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        return temp;
    }

    public Task<IReadOnlyList<StoreEntry>> ListAsync(string directory, string? startAfter, bool recursive, CancellationToken ct)
    {
        var dir = Full(directory);
        if (!Directory.Exists(dir)) return Task.FromResult<IReadOnlyList<StoreEntry>>([]);
        var result = new List<StoreEntry>();
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            ct.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (startAfter is not null && string.CompareOrdinal(file.Name, startAfter) <= 0 && !recursive) continue;
            result.Add(new StoreEntry(relative, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<StoreEntry>>(result);
    }

    public Task DeleteAsync(string path, CancellationToken ct)
    {
        var full = Full(path);
        if (File.Exists(full)) File.Delete(full);
        return Task.CompletedTask;
    }
}
