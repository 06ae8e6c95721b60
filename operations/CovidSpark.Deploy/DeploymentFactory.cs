using CovidSpark.Aws;
using CovidSpark.Deploy.Stack;
using CovidSpark.Deploy.Upload;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Deploy;

/// <summary>Where the deployment talks to AWS.</summary>
/// <param name="Aws">
/// Region, endpoint override (an emulator such as moto, for both S3 uploads and the AWS CLI), named profile and credentials,
/// resolved by the one rule of <see cref="AwsSettingsResolver"/>.
/// </param>
/// <param name="AwsExecutable">The AWS CLI program.</param>
public sealed record DeployTarget(AwsClientOptions Aws, string AwsExecutable = "aws");

/// <summary>Builds a ready <see cref="Deployment"/> (S3 client, AWS CLI, loggers) for a <see cref="DeployTarget"/>.</summary>
public static class DeploymentFactory
{
    /// <summary>CloudFormation, here only to resolve the AWS CLI's endpoint override (<c>AWS_ENDPOINT_URL_CLOUDFORMATION</c>, <c>AWS_ENDPOINT_URL</c>).</summary>
    private static readonly AwsServiceDescriptor CloudFormation = new("cloudformation", "cloudformation", "", "", "CLOUDFORMATION");

    /// <summary>The deployment and the S3 client it uses (dispose the client when done).</summary>
    /// <exception cref="AwsConfigurationException">No region anywhere, an invalid endpoint override, or an unknown profile.</exception>
    public static (Deployment Deployment, IDisposable Resources) Create(DeployTarget target, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loggers);
        // One region for uploads and the AWS CLI, so they never disagree.
        var aws = target.Aws with { Region = AwsSettingsResolver.ResolveRegion(target.Aws) };
        var cfn = AwsSettingsResolver.ResolveEndpoint(CloudFormation, aws, aws.Region);
        var s3 = AwsSdkClientFactory.S3(aws);
        var cli = new AwsCli(new ProcessRunner(), new AwsCliOptions(target.AwsExecutable, aws.Region,
            cfn == CloudFormation.DefaultEndpoint(aws.Region) ? null : cfn, aws.Profile));
        var deployment = new Deployment(new StackDeployer(cli), new BundleUploader(s3, loggers.CreateLogger<BundleUploader>()), loggers.CreateLogger<Deployment>());
        return (deployment, s3);
    }
}
