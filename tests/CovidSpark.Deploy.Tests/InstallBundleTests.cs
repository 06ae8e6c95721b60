using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Deploy.Tests.Infrastructure;
using CovidSpark.Testing;

namespace CovidSpark.Deploy.Tests;

/// <summary>bootstrap/install-bundle.sh run by bash against moto's S3, as EMR would run it on a node.</summary>
[Collection(MotoCollection.Name)]
public sealed class InstallBundleTests : IAsyncLifetime
{
    private readonly MotoServer _moto;
    private readonly IAmazonS3 _s3;
    private readonly FakeRelease _release = new();
    private readonly string _bucket = MotoS3.NewBucket();
    private readonly string _root = Directory.CreateTempSubdirectory("covidspark-install-").FullName;

    public InstallBundleTests(MotoServer moto)
    {
        _moto = moto;
        _s3 = MotoS3.S3(moto);
    }

    private string Prefix => Path.Combine(_root, "opt", "covidspark");
    private string Link => Path.Combine(_root, "bin", "covidspark-jobs");
    private static string Rid => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        _release.AddBundle("covidspark-jobs", Rid, "covidspark-jobs", "#!/bin/sh\necho \"jobs v1 $*\"\n");
        _release.WriteSums();
        await PublishAsync();
    }

    private async Task PublishAsync()
    {
        foreach (var file in new[] { $"covidspark-jobs-{Rid}.zip", "SHA256SUMS" })
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = $"scripts/current/{file}", FilePath = Path.Combine(_release.Directory, file) });
    }

    private Task<Tools.Result> InstallAsync(params string[] extra) =>
        Tools.RunAsync("bash", [RepoPaths.InstallBundle, $"s3://{_bucket}/scripts/current", "--prefix", Prefix, "--link", Link,
            "--endpoint-url", _moto.Endpoint.ToString(), .. extra], MotoS3.CliEnvironment(_moto));

    private string CurrentTarget => new FileInfo(Path.Combine(Prefix, "current")).LinkTarget ?? "";

    [ToolFact("aws", "unzip", "bash")]
    public async Task Installs_the_verified_bundle_for_this_cpu_links_the_entry_point_and_changes_nothing_when_run_again()
    {
        var result = await InstallAsync();

        Assert.True(result.ExitCode == 0, result.All);
        var sha = (await File.ReadAllLinesAsync(_release.SumsPath)).Single().Split(' ')[0];
        Assert.Equal($"releases/{sha}", CurrentTarget);
        Assert.Contains($"verified covidspark-jobs-{Rid}.zip sha256 {sha}", result.Error);
        Assert.True(File.Exists(Path.Combine(Prefix, "releases", sha, "lib", "data.txt")));
        var run = await Tools.RunAsync(Link, ["run", "--from", "2020-11-09"]);
        Assert.Equal("jobs v1 run --from 2020-11-09", run.Output.Trim());
        var stable = await Tools.RunAsync(Path.Combine(Prefix, "covidspark-jobs"), ["run"]);      // the release-free path EMR steps use
        Assert.Equal("jobs v1 run", stable.Output.Trim());

        var marker = Path.Combine(Prefix, CurrentTarget, ".installed");
        var stamp = File.GetLastWriteTimeUtc(marker);
        var again = await InstallAsync();

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("already installed", again.Error);
        Assert.DoesNotContain("unpacked", again.Error);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(marker));
    }

    [ToolFact("aws", "unzip", "bash")]
    public async Task A_new_bundle_replaces_the_current_one_and_a_bundle_not_matching_its_checksum_fails_loudly_leaving_it()
    {
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        var first = CurrentTarget;
        _release.AddBundle("covidspark-jobs", Rid, "covidspark-jobs", "#!/bin/sh\necho jobs v2\n");
        _release.WriteSums();
        await PublishAsync();

        Assert.Equal(0, (await InstallAsync()).ExitCode);

        var installed = CurrentTarget;
        Assert.NotEqual(first, installed);
        Assert.Equal("jobs v2", (await Tools.RunAsync(Link, [])).Output.Trim());
        Assert.False(File.Exists(Path.Combine(Prefix, "current.new")));

        // Someone replaces the zip (and its SHA256SUMS line) by hand: the bytes do not match the line any more.
        using var other = new FakeRelease();
        var forged = other.AddBundle("covidspark-jobs", Rid, "covidspark-jobs", "#!/bin/sh\necho forged\n");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = $"scripts/current/covidspark-jobs-{Rid}.zip", FilePath = forged });
        File.WriteAllText(_release.SumsPath, File.ReadAllText(_release.SumsPath).Replace(installed[^64..], new string('a', 64), StringComparison.Ordinal));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "scripts/current/SHA256SUMS", FilePath = _release.SumsPath });

        var result = await InstallAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ERROR: checksum mismatch", result.Error);
        Assert.Equal(installed, CurrentTarget);
        Assert.Equal("jobs v2", (await Tools.RunAsync(Link, [])).Output.Trim());
    }

    [ToolFact("aws", "unzip", "bash")]
    public async Task Missing_checksum_line_missing_object_and_bad_arguments_fail_with_a_reason()
    {
        await File.WriteAllTextAsync(_release.SumsPath, new string('b', 64) + "  some-other.zip\n");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "scripts/current/SHA256SUMS", FilePath = _release.SumsPath });
        var noLine = await InstallAsync();
        Assert.NotEqual(0, noLine.ExitCode);
        Assert.Contains($"has no SHA-256 line for covidspark-jobs-{Rid}.zip", noLine.Error);

        var noObject = await Tools.RunAsync("bash", [RepoPaths.InstallBundle, $"s3://{_bucket}/nowhere", "--prefix", Prefix, "--link", "",
            "--endpoint-url", _moto.Endpoint.ToString()], MotoS3.CliEnvironment(_moto));
        Assert.NotEqual(0, noObject.ExitCode);
        Assert.Contains($"ERROR: cannot download s3://{_bucket}/nowhere/SHA256SUMS", noObject.Error);

        var bad = await Tools.RunAsync("bash", [RepoPaths.InstallBundle, "--bundle", "https://example.com/x.zip"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("must be an s3:// URI", bad.Error);
        var tarball = await Tools.RunAsync("bash", [RepoPaths.InstallBundle, $"s3://{_bucket}/bundles/covidspark-jobs-linux-x64.tar.gz"]);
        Assert.NotEqual(0, tarball.ExitCode);
        Assert.Contains("bundles are .zip files written by scripts/package.sh", tarball.Error);
        Assert.False(Directory.Exists(Path.Combine(Prefix, "current")));
    }

    public Task DisposeAsync()
    {
        _release.Dispose();
        _s3.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
