using System.IO.Compression;

namespace CovidSpark.Deploy.Artifacts;

/// <summary>
/// The Lambda host reads emr-config.json from its own folder. The deployed functions bundle is therefore the packaged
/// zip with that one entry replaced by the stack's copy of the configuration: code and configuration change together,
/// atomically, and the functions never read S3 at start-up. Every other entry is copied as is (bytes, Unix mode,
/// timestamp), so the same inputs always give the same zip and a re-deploy uploads nothing.
/// </summary>
public static class ConfiguredFunctionsBundle
{
    /// <summary>Entry name of the configuration inside the functions bundle.</summary>
    public const string ConfigEntry = "emr-config.json";

    /// <summary>Extracts the bundled configuration to <paramref name="targetPath"/>; false when the bundle has none.</summary>
    /// <exception cref="ArtifactException">The zip cannot be read.</exception>
    public static bool TryExtractConfig(string zipPath, string targetPath)
    {
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            if (zip.GetEntry(ConfigEntry) is not { } entry) return false;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
            entry.ExtractToFile(targetPath, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ArtifactException(zipPath, $"cannot read the bundle: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="targetZip"/>: <paramref name="sourceZip"/> with <see cref="ConfigEntry"/> replaced by <paramref name="configPath"/>.</summary>
    /// <exception cref="ArtifactException">The source zip cannot be read.</exception>
    public static void Create(string sourceZip, string configPath, string targetZip)
    {
        var config = File.ReadAllBytes(configPath);
        try
        {
            using var source = ZipFile.OpenRead(sourceZip);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetZip))!);
            using var target = ZipFile.Open(targetZip, ZipArchiveMode.Create);
            var wroteConfig = false;
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.ExternalAttributes = entry.ExternalAttributes;
                copy.LastWriteTime = entry.LastWriteTime;
                using var output = copy.Open();
                if (entry.FullName == ConfigEntry)
                {
                    output.Write(config);
                    wroteConfig = true;
                }
                else
                {
                    using var input = entry.Open();
                    input.CopyTo(output);
                }
            }
            if (!wroteConfig)
            {
                var added = target.CreateEntry(ConfigEntry, CompressionLevel.Optimal);
                added.ExternalAttributes = Convert.ToInt32("100644", 8) << 16;
                added.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var output = added.Open();
                output.Write(config);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ArtifactException(sourceZip, $"cannot write the configured bundle {targetZip}: {e.Message}", e);
        }
    }
}
