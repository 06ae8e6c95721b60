using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CovidSpark.Deploy.Artifacts;

/// <summary>The <c>manifest.json</c> at the root of every bundle zip (written by <c>scripts/package.sh</c>).</summary>
/// <param name="Name"><c>covidspark-functions</c> or <c>covidspark-jobs</c>.</param>
/// <param name="Version"><c>git describe</c> of the source, or the <c>--version</c> given to the packager.</param>
/// <param name="Commit">Full git commit id.</param>
/// <param name="RuntimeIdentifier">e.g. <c>linux-x64</c>.</param>
/// <param name="EntryPoint">The executable inside the zip (<c>bootstrap</c> for the Lambda host).</param>
/// <param name="FileCount">How many files the manifest lists.</param>
public sealed record BundleManifest(string Name, string Version, string Commit, string RuntimeIdentifier, string EntryPoint, int FileCount)
{
    /// <summary>Entry name of the manifest inside a bundle.</summary>
    public const string EntryName = "manifest.json";

    /// <summary>Reads and checks the manifest of the bundle at <paramref name="zipPath"/>.</summary>
    /// <exception cref="ArtifactException">The zip cannot be read, has no manifest, or the manifest lacks a field.</exception>
    public static BundleManifest Read(string zipPath)
    {
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            var entry = zip.GetEntry(EntryName) ?? throw new ArtifactException(zipPath, $"has no {EntryName} (was it built by scripts/package.sh?)");
            ManifestDocument? doc;
            using (var stream = entry.Open())
                doc = JsonSerializer.Deserialize(stream, BundleManifestJsonContext.Default.ManifestDocument);
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(doc?.Name)) missing.Add("name");
            if (string.IsNullOrWhiteSpace(doc?.RuntimeIdentifier)) missing.Add("runtimeIdentifier");
            if (string.IsNullOrWhiteSpace(doc?.EntryPoint)) missing.Add("entryPoint");
            if (missing.Count > 0) throw new ArtifactException(zipPath, $"{EntryName} lacks {string.Join(", ", missing)}");
            var executable = zip.GetEntry(doc!.EntryPoint!) ?? throw new ArtifactException(zipPath, $"entry point '{doc.EntryPoint}' named by {EntryName} is not in the zip");
            // Unix mode bits live in the high 16 bits of the external attributes; Lambda and EMR need the owner's execute bit.
            if (((executable.ExternalAttributes >> 16) & 0x40) == 0)
                throw new ArtifactException(zipPath, $"entry point '{doc.EntryPoint}' is not marked executable in the zip; Lambda/EMR could not start it");
            return new BundleManifest(doc.Name!, doc.Version ?? "unknown", doc.Commit ?? "unknown", doc.RuntimeIdentifier!, doc.EntryPoint!, doc.Files?.Count ?? 0);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ArtifactException(zipPath, $"cannot read the bundle: {e.Message}", e);
        }
    }
}

internal sealed record ManifestDocument(
    string? Name, string? Version, string? Commit, string? RuntimeIdentifier, string? EntryPoint, List<ManifestFile>? Files);

internal sealed record ManifestFile(string? Path, long Size, string? Sha256);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ManifestDocument))]
internal sealed partial class BundleManifestJsonContext : JsonSerializerContext;
