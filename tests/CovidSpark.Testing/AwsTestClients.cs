using Amazon.Runtime;
using CovidSpark.Aws;
using CovidSpark.Testing;

namespace CovidSpark.Testing;

/// <summary>Client options pointing at a local endpoint with moto's fake credentials and fast retries.</summary>
public static class AwsTestClients
{
    public static AwsClientOptions Options(Uri endpoint, AwsRetryPolicy? retry = null) => new()
    {
        Region = MotoServer.Region,
        EndpointUrl = endpoint,
        Credentials = new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
        Retry = retry ?? new AwsRetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
        Environment = _ => null,
    };
}
