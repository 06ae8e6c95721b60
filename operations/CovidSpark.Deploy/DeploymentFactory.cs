using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using CovidSpark.Deploy.Stack;
using CovidSpark.Deploy.Upload;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Deploy;

/// <summary>Where the deployment talks to AWS.</summary>
/// <param name="Region">AWS region (null: the SDK's and CLI's defaults, e.g. AWS_REGION or the profile).</param>
/// <param name="EndpointUrl">An emulator endpoint (moto) for both S3 uploads and the CLI; null for AWS.</param>
/// <param name="Profile">A named AWS profile (shared config/credentials files) for uploads and the CLI.</param>
/// <param name="AwsExecutable">The AWS CLI program.</param>
/// <param name="Credentials">Credentials for uploads (null: the profile, else the SDK's default chain).</param>
public sealed record DeployTarget(string? Region = null, Uri? EndpointUrl = null, string? Profile = null, string AwsExecutable = "aws", AWSCredentials? Credentials = null);

/// <summary>Builds a ready <see cref="Deployment"/> (S3 client, AWS CLI, loggers) for a <see cref="DeployTarget"/>.</summary>
public static class DeploymentFactory
{
    /// <summary>The deployment and the S3 client it uses (dispose the client when done).</summary>
    /// <exception cref="ArgumentException">The named profile does not exist, or no region is configured anywhere.</exception>
    public static (Deployment Deployment, IDisposable Resources) Create(DeployTarget target, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loggers);
        var credentials = target.Credentials;
        if (credentials is null && target.Profile is { Length: > 0 } profile && !new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out credentials))
            throw new ArgumentException($"AWS profile '{profile}' was not found in the shared config/credentials files", nameof(target));
        var region = ResolveRegion(target);
        var s3 = S3ClientFactory.Create(region, target.EndpointUrl, credentials);
        var cli = new AwsCli(new ProcessRunner(), new AwsCliOptions(target.AwsExecutable, region, target.EndpointUrl, target.Profile));
        var deployment = new Deployment(new StackDeployer(cli), new BundleUploader(s3, loggers.CreateLogger<BundleUploader>()), loggers.CreateLogger<Deployment>());
        return (deployment, s3);
    }

    /// <summary>
    /// The region both uploads and the AWS CLI use (one value, so they never disagree): the target's, else the SDK's
    /// fallback (profile, instance metadata), else us-east-1 for an emulator endpoint.
    /// </summary>
    private static string ResolveRegion(DeployTarget target)
    {
        if (target.Region is { Length: > 0 } region) return region;
        RegionEndpoint? fallback = null;
        try { fallback = FallbackRegionFactory.GetRegionEndpoint(); }
        catch (AmazonClientException) { }
        if (fallback is not null) return fallback.SystemName;
        if (target.EndpointUrl is not null) return "us-east-1";
        throw new ArgumentException("no AWS region is configured: pass --region, or set AWS_REGION (or a region in your AWS profile)");
    }
}
