namespace CovidSpark.Jobs.Storage;

/// <summary>Path helpers that work for local paths and <c>s3://</c> URIs alike.</summary>
public static class FileStorePaths
{
    public static bool IsS3(string path) => path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("s3a://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Joins with <c>/</c>; a local root is made absolute first.</summary>
    public static string Combine(string root, params string[] parts) =>
        string.Join("/", new[] { IsS3(root) ? root.TrimEnd('/') : Path.GetFullPath(root).TrimEnd('/') }.Concat(parts.Select(p => p.Trim('/'))));

    /// <summary>Absolute local path, or the URI unchanged.</summary>
    public static string Normalise(string path) => IsS3(path) ? path.TrimEnd('/') : Path.GetFullPath(path);

    /// <summary>The last segment of a path or URI.</summary>
    public static string FileName(string path) => path.TrimEnd('/')[(path.TrimEnd('/').LastIndexOf('/') + 1)..];
}
