using CovidSpark.Aws;
using CovidSpark.Testing;

namespace CovidSpark.Testing.Jobs;

/// <summary>AWS settings for talking to a test's moto_server, in-process and through the command line.</summary>
public static class MotoAws
{
    public static AwsClientOptions Options(MotoServer moto) => new()
    {
        Region = MotoServer.Region,
        EndpointUrl = moto.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
    };

    /// <summary>
    /// The environment the command line is run with: moto's credentials (moto accepts any, but some must be found), nothing
    /// else — handed to the command line, never written to the process environment other tests share.
    /// </summary>
    public static string? Environment(string name) => name switch
    {
        "AWS_ACCESS_KEY_ID" => MotoServer.AccessKey,
        "AWS_SECRET_ACCESS_KEY" => MotoServer.SecretKey,
        _ => null,
    };
}
