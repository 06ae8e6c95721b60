namespace CovidSpark.Jobs.Storage;

/// <summary>
/// The files the driver itself touches — raw inputs, staging, quarantine, manifests, the report — on a local disk or on S3
/// (<c>s3://bucket/prefix</c>), so the same job runs on a laptop and on EMR. The engines read and write the tables themselves.
/// Paths use <c>/</c>; a folder is a prefix. A failed storage request surfaces as <see cref="IOException"/> naming the path.
/// </summary>
public interface IFileStore
{
    /// <summary>Files directly in a folder whose names end with <paramref name="extension"/>, as full paths, in name order.</summary>
    Task<IReadOnlyList<string>> ListFilesAsync(string folder, string extension, CancellationToken ct);

    /// <summary>Names of the folders directly in a folder (e.g. <c>report_date=2020-11-09</c>).</summary>
    Task<IReadOnlyList<string>> ListFolderNamesAsync(string folder, CancellationToken ct);

    /// <summary>True when any file with the extension is in the folder or below it.</summary>
    Task<bool> AnyFileAsync(string folder, string extension, CancellationToken ct);

    Task<bool> FolderExistsAsync(string folder, CancellationToken ct);

    Task<bool> FileExistsAsync(string path, CancellationToken ct);

    /// <summary>A local file with the content of <paramref name="path"/> (the file itself when local, else a download under <paramref name="scratch"/>).</summary>
    Task<string> LocalCopyAsync(string path, string scratch, CancellationToken ct);

    /// <summary>Puts a local file at <paramref name="path"/>, replacing what is there.</summary>
    Task PutFileAsync(string localFile, string path, CancellationToken ct);

    Task WriteTextAsync(string path, string text, CancellationToken ct);

    Task DeleteFileAsync(string path, CancellationToken ct);

    Task DeleteFolderAsync(string folder, CancellationToken ct);

    /// <summary>Whether an engine running elsewhere (Spark executors) can read what is at these paths.</summary>
    bool IsShared { get; }
}
