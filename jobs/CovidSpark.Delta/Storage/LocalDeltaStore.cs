namespace CovidSpark.Delta.Storage;

/// <summary>
/// <see cref="IDeltaStore"/> over a local (or mounted) folder. Writes go to a hidden temp file first; put-if-absent
/// then hard-links it to the final name (<see cref="File.Move(string,string,bool)"/> without overwrite, which fails when
/// the name exists), so a commit file is never seen half-written and two writers can never both create it.
/// </summary>
public sealed partial class LocalDeltaStore : IDeltaStore
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
            return CreateLinkIfAbsent(temp, target);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Gives the finished temp file its final name unless that name exists, atomically. On Unix this is link(2), which
    /// fails with EEXIST — .NET's File.Move without overwrite checks and then renames, and two racing writers can both
    /// "win" that way (the commit race test caught it). On Windows MoveFileEx without REPLACE_EXISTING is atomic.
    /// </summary>
    private static bool CreateLinkIfAbsent(string temp, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            try { File.Move(temp, target, overwrite: false); return true; }
            catch (IOException) when (File.Exists(target)) { return false; }
        }
        if (Native.link(temp, target) == 0) return true;
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == EEXIST) return false;
        throw new IOException($"Could not create {target} (link failed, errno {errno})");
    }

    private const int EEXIST = 17;

    private static partial class Native
    {
        [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true, StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
        internal static partial int link(string oldpath, string newpath);
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
