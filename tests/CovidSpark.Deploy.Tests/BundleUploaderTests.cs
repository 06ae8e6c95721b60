using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Deploy.Artifacts;
using CovidSpark.Deploy.Tests.Infrastructure;
using CovidSpark.Deploy.Upload;
using CovidSpark.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Deploy.Tests;

[Collection(MotoCollection.Name)]
public sealed class BundleUploaderTests(MotoServer moto) : IDisposable
{
    private readonly IAmazonS3 _s3 = MotoS3.S3(moto);
    private readonly FakeRelease _release = new FakeRelease().WithStandardBundles();
    private readonly string _bucket = MotoS3.NewBucket();

    private BundleUploader Uploader => new(_s3, NullLogger<BundleUploader>.Instance);

    private async Task<UploadPlan> PlanAsync() =>
        UploadPlan.For(await ReleaseArtifacts.LoadAsync(_release.Directory), RepoPaths.BootstrapDirectory, emrConfigPath: null);

    [Fact]
    public async Task Uploads_release_current_bundle_bootstrap_scripts_and_zone_markers_then_changes_nothing_on_a_rerun()
    {
        await _s3.PutBucketAsync(_bucket);
        var plan = await PlanAsync();
        var release = await ReleaseArtifacts.LoadAsync(_release.Directory);

        var first = await Uploader.UploadAsync(_bucket, plan);
        var byKey = first.Objects.ToDictionary(o => o.Key, o => o.Outcome);
        Assert.Equal(UploadOutcome.Uploaded, byKey[$"scripts/releases/{release.ReleaseId}/covidspark-jobs-linux-x64.zip"]);
        Assert.Equal(UploadOutcome.Copied, byKey["scripts/current/covidspark-jobs-linux-x64.zip"]);   // same bytes: copied server-side
        Assert.Equal(UploadOutcome.Copied, byKey["scripts/current/SHA256SUMS"]);
        Assert.Equal(UploadOutcome.Uploaded, byKey["scripts/bootstrap/install-bundle.sh"]);
        Assert.DoesNotContain("scripts/current/covidspark-functions-linux-x64.zip", byKey.Keys);      // Lambdas run from the release key
        foreach (var zone in new[] { "raw/", "trusted/", "refined/", "quarantine/", "scripts/" })
            Assert.Equal(UploadOutcome.Uploaded, byKey[zone]);

        var stored = await _s3.GetObjectAsync(_bucket, "scripts/current/covidspark-jobs-linux-x64.zip");
        using (var copy = new MemoryStream())
        {
            await stored.ResponseStream.CopyToAsync(copy);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_release.Directory, "covidspark-jobs-linux-x64.zip")), copy.ToArray());
        }
        Assert.Equal(release.JobBundles.Single().Sha256, stored.Metadata[BundleUploader.Sha256Metadata]);

        var second = await Uploader.UploadAsync(_bucket, plan);
        Assert.Equal(0, second.Changed);
        Assert.All(second.Objects, o => Assert.Equal(UploadOutcome.Unchanged, o.Outcome));
    }

    [Fact]
    public async Task A_changed_bundle_is_uploaded_again_and_nothing_else()
    {
        await _s3.PutBucketAsync(_bucket);
        await Uploader.UploadAsync(_bucket, await PlanAsync());

        _release.AddBundle("covidspark-jobs", "linux-x64", "covidspark-jobs", "#!/bin/sh\necho version-two\n");
        _release.WriteSums();
        var report = await Uploader.UploadAsync(_bucket, await PlanAsync());
        var changed = report.Objects.Where(o => o.Outcome != UploadOutcome.Unchanged).Select(o => o.Key).ToList();
        var id = (await ReleaseArtifacts.LoadAsync(_release.Directory)).ReleaseId;
        Assert.Contains($"scripts/releases/{id}/covidspark-jobs-linux-x64.zip", changed);
        Assert.Contains("scripts/current/covidspark-jobs-linux-x64.zip", changed);
        Assert.Contains("scripts/current/SHA256SUMS", changed);
        Assert.DoesNotContain(changed, k => k.StartsWith("scripts/bootstrap/", StringComparison.Ordinal) || k.EndsWith('/'));
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_with_bucket_and_key()
    {
        var e = await Assert.ThrowsAsync<UploadException>(async () => await Uploader.UploadAsync(_bucket, await PlanAsync()));
        Assert.Equal(_bucket, e.Bucket);
        Assert.Contains("NoSuchBucket", e.Message);
    }

    public void Dispose()
    {
        _release.Dispose();
        _s3.Dispose();
    }
}
