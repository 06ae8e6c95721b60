using CovidSpark.Deploy.Artifacts;

namespace CovidSpark.Deploy.Upload;

/// <summary>One file to put into the bucket.</summary>
/// <param name="LocalPath">The file on disk.</param>
/// <param name="Key">Its S3 key.</param>
/// <param name="ContentType">MIME type stored with the object.</param>
public sealed record UploadItem(string LocalPath, string Key, string ContentType);

/// <summary>Everything one deployment puts into the bucket, in upload order.</summary>
public sealed record UploadPlan(IReadOnlyList<UploadItem> Items)
{
    /// <summary>
    /// The release's bundles and checksums under <c>scripts/releases/&lt;id&gt;/</c>, the job bundles and checksums again
    /// under <c>scripts/current/</c>, every <c>*.sh</c> of <paramref name="bootstrapDirectory"/> under
    /// <c>scripts/bootstrap/</c>, <paramref name="emrConfigPath"/> (when given) as <c>scripts/emr-config.json</c>, and the
    /// <paramref name="extra"/> items (the configured functions bundle).
    /// </summary>
    /// <exception cref="ArtifactException">The bootstrap folder or the configuration file does not exist.</exception>
    public static UploadPlan For(ReleaseArtifacts release, string bootstrapDirectory, string? emrConfigPath, params IReadOnlyList<UploadItem> extra)
    {
        const string zip = "application/zip", text = "text/plain", shell = "text/x-shellscript";
        var items = new List<UploadItem>();
        foreach (var bundle in release.Bundles)
            items.Add(new(bundle.Path, S3Layout.Release(release.ReleaseId, bundle.FileName), zip));
        items.Add(new(release.SumsPath, S3Layout.Release(release.ReleaseId, Sha256Sums.FileName), text));
        foreach (var bundle in release.JobBundles)
            items.Add(new(bundle.Path, S3Layout.Current(bundle.FileName), zip));
        if (release.JobBundles.Any())
            items.Add(new(release.SumsPath, S3Layout.Current(Sha256Sums.FileName), text));

        if (!Directory.Exists(bootstrapDirectory))
            throw new ArtifactException(bootstrapDirectory, "the bootstrap scripts folder does not exist");
        foreach (var script in Directory.GetFiles(bootstrapDirectory, "*.sh").Order(StringComparer.Ordinal))
            items.Add(new(script, S3Layout.Bootstrap(Path.GetFileName(script)), shell));

        if (emrConfigPath is not null)
        {
            if (!File.Exists(emrConfigPath)) throw new ArtifactException(emrConfigPath, "the EMR configuration file does not exist");
            items.Add(new(emrConfigPath, S3Layout.EmrConfig, "application/json"));
        }
        items.AddRange(extra);
        return new UploadPlan(items);
    }
}
