using Amazon.Runtime;
using Amazon.S3;
using CovidSpark.Testing;

namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>S3 and the AWS CLI aimed at the moto collection's server.</summary>
internal static class MotoS3
{
    /// <summary>An S3 client for the fixture's moto.</summary>
    public static IAmazonS3 S3(MotoServer moto) =>
        CovidSpark.Deploy.S3ClientFactory.Create(MotoServer.Region, moto.Endpoint, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey));

    /// <summary>Environment for AWS CLI processes aimed at moto.</summary>
    public static Dictionary<string, string> CliEnvironment(MotoServer moto) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_DEFAULT_REGION"] = MotoServer.Region,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
    };

    /// <summary>A bucket name unique to one test.</summary>
    public static string NewBucket() => "cs-test-" + Guid.NewGuid().ToString("N")[..12];
}
