using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>
/// A small artifacts folder shaped like scripts/package.sh output: bundle zips with manifest.json and an executable
/// entry point (a shell script), and SHA256SUMS. Deleted on dispose.
/// </summary>
public sealed class FakeRelease : IDisposable
{
    public FakeRelease()
    {
        Directory = Path.Combine(Path.GetTempPath(), "covidspark-release-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string SumsPath => Path.Combine(Directory, "SHA256SUMS");

    /// <summary>Writes a bundle zip; <paramref name="entryScript"/> becomes the entry point's content.</summary>
    public string AddBundle(string name, string rid, string entryPoint, string entryScript = "#!/bin/sh\necho bundle-ok\n", bool executable = true,
        IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        var path = Path.Combine(Directory, $"{name}-{rid}.zip");
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry(entryPoint);
            entry.ExternalAttributes = Convert.ToInt32(executable ? "100755" : "100644", 8) << 16;
            using (var w = new StreamWriter(entry.Open(), new UTF8Encoding(false))) w.Write(entryScript);
            var data = zip.CreateEntry("lib/data.txt");
            data.ExternalAttributes = Convert.ToInt32("100644", 8) << 16;
            using (var w = new StreamWriter(data.Open(), new UTF8Encoding(false))) w.Write("payload of " + name);
            foreach (var (file, content) in extraFiles ?? new Dictionary<string, string>())
            {
                var extra = zip.CreateEntry(file);
                extra.ExternalAttributes = Convert.ToInt32("100644", 8) << 16;
                using var w = new StreamWriter(extra.Open(), new UTF8Encoding(false));
                w.Write(content);
            }
            var manifest = zip.CreateEntry("manifest.json");
            using var m = new StreamWriter(manifest.Open(), new UTF8Encoding(false));
            m.Write($$"""
                {
                  "name": "{{name}}",
                  "version": "v1-test",
                  "commit": "0123456789abcdef",
                  "runtimeIdentifier": "{{rid}}",
                  "architecture": "{{(rid.EndsWith("arm64", StringComparison.Ordinal) ? "arm64" : "x86_64")}}",
                  "entryPoint": "{{entryPoint}}",
                  "files": [ { "path": "{{entryPoint}}", "size": 1, "sha256": "00" }, { "path": "lib/data.txt", "size": 1, "sha256": "00" } ]
                }
                """);
        }
        return path;
    }

    /// <summary>The emr-config.json packaged in the standard functions bundle (repository example values).</summary>
    public const string BundledConfig = """
        { "bucket": "covidspark-data-example", "ledgerTable": "covidspark-jobs",
          "cluster": { "name": "covidspark", "serviceRole": "EMR_DefaultRole", "jobFlowRole": "EMR_EC2_DefaultRole" }, "jobs": {} }
        """;

    /// <summary>Writes the standard pair (functions + jobs for linux-x64) and SHA256SUMS.</summary>
    public FakeRelease WithStandardBundles()
    {
        AddBundle("covidspark-functions", "linux-x64", "bootstrap", extraFiles: new Dictionary<string, string> { ["emr-config.json"] = BundledConfig });
        AddBundle("covidspark-jobs", "linux-x64", "covidspark-jobs");
        WriteSums();
        return this;
    }

    /// <summary>Writes SHA256SUMS over every zip of the folder.</summary>
    public void WriteSums()
    {
        var lines = System.IO.Directory.GetFiles(Directory, "*.zip").Order(StringComparer.Ordinal)
            .Select(f => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}  {Path.GetFileName(f)}");
        File.WriteAllText(SumsPath, string.Join("\n", lines) + "\n");
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
