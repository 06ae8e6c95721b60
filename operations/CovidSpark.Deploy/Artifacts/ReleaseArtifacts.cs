using System.Security.Cryptography;
using System.Text;

namespace CovidSpark.Deploy.Artifacts;

/// <summary>One bundle zip of a release, checked against <c>SHA256SUMS</c>.</summary>
/// <param name="Path">Full path of the zip.</param>
/// <param name="Sha256">Its verified SHA-256 (lower-case hex).</param>
/// <param name="Manifest">Its <c>manifest.json</c>.</param>
public sealed record Bundle(string Path, string Sha256, BundleManifest Manifest)
{
    /// <summary>The zip's file name, e.g. <c>covidspark-jobs-linux-x64.zip</c>.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// The output folder of <c>scripts/package.sh</c>, verified: every zip listed in <c>SHA256SUMS</c> exists, matches its
/// checksum and carries a manifest. The release id is derived from <c>SHA256SUMS</c>, so the same bundles always deploy
/// under the same S3 keys (and different bundles never overwrite each other).
/// </summary>
public sealed class ReleaseArtifacts
{
    /// <summary>Name prefix of the Lambda host bundle.</summary>
    public const string FunctionsBundleName = "covidspark-functions";

    /// <summary>Name prefix of the EMR job bundle.</summary>
    public const string JobsBundleName = "covidspark-jobs";

    private ReleaseArtifacts(string directory, string sumsPath, string releaseId, IReadOnlyList<Bundle> bundles)
    {
        Directory = directory;
        SumsPath = sumsPath;
        ReleaseId = releaseId;
        Bundles = bundles;
    }

    /// <summary>The artifacts folder.</summary>
    public string Directory { get; }

    /// <summary>Path of its <c>SHA256SUMS</c>.</summary>
    public string SumsPath { get; }

    /// <summary>First 16 hex digits of the SHA-256 of <c>SHA256SUMS</c>: names the release in S3.</summary>
    public string ReleaseId { get; }

    /// <summary>Every verified bundle.</summary>
    public IReadOnlyList<Bundle> Bundles { get; }

    /// <summary>The EMR job bundles (one per architecture packaged).</summary>
    public IEnumerable<Bundle> JobBundles => Bundles.Where(b => b.Manifest.Name == JobsBundleName);

    /// <summary>The Lambda host bundle for <paramref name="architecture"/>.</summary>
    /// <exception cref="ArtifactException">It was not packaged.</exception>
    public Bundle FunctionsBundle(LambdaArchitecture architecture)
    {
        var rid = architecture.RuntimeIdentifier();
        return Bundles.FirstOrDefault(b => b.Manifest.Name == FunctionsBundleName && b.Manifest.RuntimeIdentifier == rid)
            ?? throw new ArtifactException(Directory,
                $"no {FunctionsBundleName}-{rid}.zip; run scripts/package.sh --arch {(architecture == LambdaArchitecture.Arm64 ? "arm64" : "x64")} --out {Directory}");
    }

    /// <summary>Reads and verifies <paramref name="directory"/>.</summary>
    /// <exception cref="ArtifactException">Something is missing, unreadable or does not match its checksum.</exception>
    public static async Task<ReleaseArtifacts> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var full = System.IO.Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw new ArtifactException(full, "the artifacts folder does not exist; run scripts/package.sh first");
        var sumsPath = System.IO.Path.Combine(full, Sha256Sums.FileName);
        if (!File.Exists(sumsPath))
            throw new ArtifactException(full, $"has no {Sha256Sums.FileName}; run scripts/package.sh first");
        var sumsText = await File.ReadAllTextAsync(sumsPath, cancellationToken).ConfigureAwait(false);
        var sums = Sha256Sums.Parse(sumsText, sumsPath);
        if (sums.Count == 0) throw new ArtifactException(sumsPath, "lists no bundle");

        var bundles = new List<Bundle>();
        foreach (var (name, expected) in sums.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var path = System.IO.Path.Combine(full, name);
            if (!File.Exists(path)) throw new ArtifactException(path, $"is listed in {Sha256Sums.FileName} but missing");
            var actual = await Sha256Sums.ComputeAsync(path, cancellationToken).ConfigureAwait(false);
            if (actual != expected)
                throw new ArtifactException(path, $"SHA-256 is {actual} but {Sha256Sums.FileName} says {expected}; the file changed after packaging");
            bundles.Add(new Bundle(path, actual, BundleManifest.Read(path)));
        }
        var releaseId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sumsText.ReplaceLineEndings("\n"))))[..16];
        return new ReleaseArtifacts(full, sumsPath, releaseId, bundles);
    }
}
