namespace CovidSpark.Spark.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "covidspark-spark-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the directory (not created).</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a text file (LF line ends, UTF-8 without BOM) and returns its full path.</summary>
    public string WriteText(string relative, string content)
    {
        var file = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content, new System.Text.UTF8Encoding(false));
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
