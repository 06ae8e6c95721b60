namespace CovidSpark.Jobs.Storage;

/// <summary>The local disk.</summary>
public sealed class LocalFileStore : IFileStore
{
    public bool IsShared => false;

    public Task<IReadOnlyList<string>> ListFilesAsync(string folder, string extension, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*" + extension).Order(StringComparer.Ordinal).ToList()
            : []);

    public Task<IReadOnlyList<string>> ListFolderNamesAsync(string folder, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : []);

    public Task<bool> AnyFileAsync(string folder, string extension, CancellationToken ct) =>
        Task.FromResult(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*" + extension, SearchOption.AllDirectories).Any());

    public Task<bool> FolderExistsAsync(string folder, CancellationToken ct) => Task.FromResult(Directory.Exists(folder));

    public Task<bool> FileExistsAsync(string path, CancellationToken ct) => Task.FromResult(File.Exists(path));

    public Task<string> LocalCopyAsync(string path, string scratch, CancellationToken ct) => Task.FromResult(path);

    public Task PutFileAsync(string localFile, string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!Path.GetFullPath(localFile).Equals(Path.GetFullPath(path), StringComparison.Ordinal)) File.Copy(localFile, path, overwrite: true);
        return Task.CompletedTask;
    }

    public async Task WriteTextAsync(string path, string text, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text, new System.Text.UTF8Encoding(false), ct);
    }

    public Task DeleteFileAsync(string path, CancellationToken ct)
    {
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
