using Amazon.Runtime;
using CovidSpark.Aws;

namespace CovidSpark.Testing;

/// <summary>AWS settings for talking to a test's moto_server, in-process and through a command line.</summary>
public static class MotoAws
{
    /// <summary>Retries fast enough that a test of a failing call does not wait (moto answers on loopback).</summary>
    public static readonly AwsRetryPolicy FastRetry = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    /// <summary>
    /// Client options for a local endpoint: moto's region and fake credentials, <see cref="FastRetry"/> unless told otherwise,
    /// and no environment (nothing is resolved from the process environment other tests share).
    /// </summary>
    public static AwsClientOptions Options(Uri endpoint, AwsRetryPolicy? retry = null) => new()
    {
        Region = MotoServer.Region,
        EndpointUrl = endpoint,
        Credentials = new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
        Retry = retry ?? FastRetry,
        Environment = _ => null,
    };

    /// <summary>Client options for a test's moto_server (see <see cref="Options(Uri, AwsRetryPolicy?)"/>).</summary>
    public static AwsClientOptions Options(MotoServer moto, AwsRetryPolicy? retry = null) => Options(moto.Endpoint, retry);

    /// <summary>
    /// The environment a command line is run with: moto's credentials (moto accepts any, but some must be found), nothing
    /// else — handed to the command line, never written to the process environment other tests share.
    /// </summary>
    public static string? Environment(string name) => name switch
    {
        "AWS_ACCESS_KEY_ID" => MotoServer.AccessKey,
        "AWS_SECRET_ACCESS_KEY" => MotoServer.SecretKey,
        _ => null,
    };
}
