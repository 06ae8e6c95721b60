using CovidSpark.Aws;
using CovidSpark.Testing;

namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>AWS settings for talking to a test's moto_server, in-process and through the command line.</summary>
internal static class MotoAws
{
    public static AwsClientOptions Options(MotoServer moto) => new()
    {
        Region = MotoServer.Region,
        EndpointUrl = moto.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
    };

    /// <summary>The run command takes credentials from the SDK chain; moto accepts any, but the chain must find some.</summary>
    public static void UseCredentialsForCommandLine()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServer.SecretKey);
    }
}
