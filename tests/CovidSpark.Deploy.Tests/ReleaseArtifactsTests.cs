using CovidSpark.Deploy.Artifacts;
using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

public sealed class ReleaseArtifactsTests
{
    [Fact]
    public async Task Loads_verified_bundles_with_their_manifests_and_a_content_derived_release_id()
    {
        using var release = new FakeRelease().WithStandardBundles();
        var loaded = await ReleaseArtifacts.LoadAsync(release.Directory);
        Assert.Equal(2, loaded.Bundles.Count);
        var functions = loaded.FunctionsBundle(LambdaArchitecture.X64);
        Assert.Equal(("covidspark-functions", "linux-x64", "bootstrap", "v1-test"),
            (functions.Manifest.Name, functions.Manifest.RuntimeIdentifier, functions.Manifest.EntryPoint, functions.Manifest.Version));
        Assert.Equal("covidspark-jobs-linux-x64.zip", Assert.Single(loaded.JobBundles).FileName);
        Assert.Matches("^[0-9a-f]{16}$", loaded.ReleaseId);
        Assert.Equal(loaded.ReleaseId, (await ReleaseArtifacts.LoadAsync(release.Directory)).ReleaseId);

        release.AddBundle("covidspark-jobs", "linux-arm64", "covidspark-jobs");
        release.WriteSums();
        Assert.NotEqual(loaded.ReleaseId, (await ReleaseArtifacts.LoadAsync(release.Directory)).ReleaseId);
    }

    [Fact]
    public async Task A_bundle_changed_after_packaging_is_refused_with_both_checksums()
    {
        using var release = new FakeRelease().WithStandardBundles();
        await File.AppendAllTextAsync(Path.Combine(release.Directory, "covidspark-jobs-linux-x64.zip"), "tampered");
        var e = await Assert.ThrowsAsync<ArtifactException>(() => ReleaseArtifacts.LoadAsync(release.Directory));
        Assert.EndsWith("covidspark-jobs-linux-x64.zip", e.Path);
        Assert.Contains("SHA256SUMS says", e.Message);
    }

    [Fact]
    public async Task Missing_architecture_missing_sums_and_a_non_executable_entry_point_are_explained()
    {
        using var release = new FakeRelease().WithStandardBundles();
        var loaded = await ReleaseArtifacts.LoadAsync(release.Directory);
        var arch = Assert.Throws<ArtifactException>(() => loaded.FunctionsBundle(LambdaArchitecture.Arm64));
        Assert.Contains("package.sh --arch arm64", arch.Message);

        File.Delete(release.SumsPath);
        Assert.Contains("has no SHA256SUMS", (await Assert.ThrowsAsync<ArtifactException>(() => ReleaseArtifacts.LoadAsync(release.Directory))).Message);

        release.AddBundle("covidspark-functions", "linux-x64", "bootstrap", executable: false);
        release.WriteSums();
        var exec = await Assert.ThrowsAsync<ArtifactException>(() => ReleaseArtifacts.LoadAsync(release.Directory));
        Assert.Contains("'bootstrap' is not marked executable", exec.Message);
    }

    [Theory]
    [InlineData("not a sums line")]
    [InlineData("abcd  file.zip")]
    public void Malformed_SHA256SUMS_lines_name_the_line(string line)
    {
        var e = Assert.Throws<ArtifactException>(() => Sha256Sums.Parse("\n" + line + "\n", "SHA256SUMS"));
        Assert.Contains("line 2", e.Message);
    }

    [Theory]
    [InlineData("x64", LambdaArchitecture.X64, "x86_64", "linux-x64")]
    [InlineData("AARCH64", LambdaArchitecture.Arm64, "arm64", "linux-arm64")]
    public void Architecture_names_map_between_dotnet_and_cloudformation(string text, LambdaArchitecture expected, string cfn, string rid)
    {
        var a = LambdaArchitectureNames.Parse(text);
        Assert.Equal(expected, a);
        Assert.Equal(cfn, a.CloudFormationValue());
        Assert.Equal(rid, a.RuntimeIdentifier());
        Assert.Throws<FormatException>(() => LambdaArchitectureNames.Parse("sparc"));
    }
}
