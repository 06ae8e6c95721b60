using System.Text.Json.Nodes;
using Amazon.S3;
using CovidSpark.Deploy.Artifacts;
using CovidSpark.Deploy.Stack;
using CovidSpark.Deploy.Tests.Infrastructure;
using CovidSpark.Deploy.Upload;
using CovidSpark.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Deploy.Tests;

[Collection(MotoCollection.Name)]
public sealed class DeploymentTests(MotoServer moto) : IDisposable
{
    private readonly IAmazonS3 _s3 = MotoS3.S3(moto);
    private readonly FakeRelease _release = new FakeRelease().WithStandardBundles();
    private readonly string _bucket = MotoS3.NewBucket();
    private readonly string _scratch = Directory.CreateTempSubdirectory("covidspark-deploytest-").FullName;

    private (Deployment Deployment, FakeCloudFormation Cfn) Create(FakeCloudFormation? existing = null)
    {
        var cfn = existing ?? new FakeCloudFormation(_s3, _bucket);
        var deployment = new Deployment(new StackDeployer(new AwsCli(cfn, new AwsCliOptions())),
            new BundleUploader(_s3, NullLogger<BundleUploader>.Instance), NullLogger<Deployment>.Instance);
        return (deployment, cfn);
    }

    private DeployRequest Request(string? config = null) => new()
    {
        StackName = "covidspark",
        ArtifactsDirectory = _release.Directory,
        TemplatePath = RepoPaths.Template,
        BootstrapDirectory = RepoPaths.BootstrapDirectory,
        EmrConfigPath = config,
        Parameters = new Dictionary<string, string> { ["SlackWebhookParameterName"] = "/covidspark/slack-webhook" },
    };

    [Fact]
    public async Task First_deploy_creates_the_bucket_then_uploads_then_points_the_functions_at_the_release_and_a_rerun_changes_nothing()
    {
        var config = Path.Combine(_scratch, "emr-config.json");
        await File.WriteAllTextAsync(config, """
            { "bucket": "covidspark-data-example", "ledgerTable": "covidspark-jobs",
              "cluster": { "name": "covidspark", "serviceRole": "EMR_DefaultRole", "jobFlowRole": "EMR_EC2_DefaultRole" }, "jobs": {} }
            """);
        var (deployment, cfn) = Create();

        var report = await deployment.DeployAsync(Request(config));

        Assert.True(report.CreatedInfrastructureFirst);
        Assert.Equal(_bucket, report.Bucket);
        var deploys = cfn.Deploys.ToList();
        Assert.Equal(2, deploys.Count);
        Assert.DoesNotContain(deploys[0], a => a.StartsWith("FunctionsBundleKey=", StringComparison.Ordinal));   // first pass: no functions yet
        Assert.Contains("SlackWebhookParameterName=/covidspark/slack-webhook", deploys[0]);
        var release = await ReleaseArtifacts.LoadAsync(_release.Directory);
        Assert.StartsWith($"scripts/releases/{release.ReleaseId}/configured/", report.FunctionsBundleKey);
        Assert.EndsWith("/covidspark-functions-linux-x64.zip", report.FunctionsBundleKey);
        Assert.Contains($"FunctionsBundleKey={report.FunctionsBundleKey}", deploys[1]);
        Assert.Contains("Architecture=x86_64", deploys[1]);
        Assert.Contains("ClusterName=covidspark", deploys[1]);                                 // from cluster.name of the configuration

        // the functions' code was uploaded before the deploy that references it, with the stack's names in its emr-config.json
        var deployedZip = Path.Combine(_scratch, "deployed.zip");
        using (var code = await _s3.GetObjectAsync(_bucket, report.FunctionsBundleKey))
            await code.WriteResponseStreamToFileAsync(deployedZip, append: false, CancellationToken.None);
        Assert.Equal("bootstrap", BundleManifest.Read(deployedZip).EntryPoint);          // manifest kept, bootstrap still executable
        using (var zip = System.IO.Compression.ZipFile.OpenRead(deployedZip))
        {
            using var reader = new StreamReader(zip.GetEntry("emr-config.json")!.Open());
            var inBundle = JsonNode.Parse(await reader.ReadToEndAsync())!;
            Assert.Equal(_bucket, (string?)inBundle["bucket"]);
            Assert.Equal("covidspark-emr-instance", (string?)inBundle["cluster"]!["jobFlowRole"]);
            Assert.Equal("payload of covidspark-functions", new StreamReader(zip.GetEntry("lib/data.txt")!.Open()).ReadToEnd());
        }

        // and the reference copy too
        using var stored = await _s3.GetObjectAsync(_bucket, S3Layout.EmrConfig);
        var uploaded = JsonNode.Parse(await new StreamReader(stored.ResponseStream).ReadToEndAsync())!;
        Assert.Equal(_bucket, (string?)uploaded["bucket"]);
        Assert.Equal("covidspark-emr-service", (string?)uploaded["cluster"]!["serviceRole"]);
        Assert.Equal(new[] { "bucket", "cluster.serviceRole", "cluster.jobFlowRole" }, report.ConfigChanges.Select(c => c.Path));
        Assert.Contains("covidspark-data-example", await File.ReadAllTextAsync(config)); // the user's file is left alone

        var again = await Create(cfn).Deployment.DeployAsync(Request(config));
        Assert.False(again.CreatedInfrastructureFirst);
        Assert.Equal(0, again.Upload.Changed);
        Assert.Equal(report.FunctionsBundleKey, again.FunctionsBundleKey);       // same inputs, same configured zip

        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("\"jobs\": {}", "\"jobs\": {}, \"scheduledJobs\": []", StringComparison.Ordinal));
        var edited = await Create(cfn).Deployment.DeployAsync(Request(config));
        Assert.NotEqual(report.FunctionsBundleKey, edited.FunctionsBundleKey);  // a configuration change is a new function version
    }

    [Fact]
    public async Task Without_a_config_file_the_bundled_emr_config_is_deployed_with_the_stack_names()
    {
        var (deployment, _) = Create();

        var report = await deployment.DeployAsync(Request());

        Assert.Contains(report.ConfigChanges, c => c.Path == "bucket" && c.Before == "covidspark-data-example" && c.After == _bucket);
        using var stored = await _s3.GetObjectAsync(_bucket, S3Layout.EmrConfig);
        Assert.Equal(_bucket, (string?)JsonNode.Parse(await new StreamReader(stored.ResponseStream).ReadToEndAsync())!["bucket"]);
    }

    [Fact]
    public async Task Managed_parameters_cannot_be_overridden_and_bad_artifacts_stop_before_anything_is_deployed()
    {
        var (deployment, cfn) = Create();
        var managed = Request() with { Parameters = new Dictionary<string, string> { ["FunctionsBundleKey"] = "scripts/x.zip" } };
        Assert.Contains("FunctionsBundleKey", (await Assert.ThrowsAsync<ArgumentException>(() => deployment.DeployAsync(managed))).Message);

        var arm = Request() with { Architecture = LambdaArchitecture.Arm64 };
        await Assert.ThrowsAsync<ArtifactException>(() => deployment.DeployAsync(arm));
        Assert.Empty(cfn.Calls);
    }

    public void Dispose()
    {
        _release.Dispose();
        _s3.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
