namespace CovidSpark.Testing;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "covidspark-tests")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder (not created).</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>A path inside the folder (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates a sub-folder and returns its path.</summary>
    public string Folder(params string[] parts)
    {
        var p = Combine(parts);
        Directory.CreateDirectory(p);
        return p;
    }

    /// <summary>Writes a text file exactly as given (UTF-8 without BOM, line endings untouched) and returns its path.</summary>
    public string Write(string relativePath, string content)
    {
        var p = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, System.Text.Encoding.UTF8.GetBytes(content));
        return p;
    }

    /// <summary>Same as <see cref="Write"/>.</summary>
    public string WriteText(string relativePath, string content) => Write(relativePath, content);

    /// <summary>Copies files into a sub-folder and returns the folder.</summary>
    public string CopyInto(string folder, params string[] files)
    {
        var dir = Folder(folder);
        foreach (var f in files) File.Copy(f, System.IO.Path.Combine(dir, System.IO.Path.GetFileName(f)));
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
