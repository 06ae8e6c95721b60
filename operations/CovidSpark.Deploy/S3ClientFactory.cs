using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace CovidSpark.Deploy;

/// <summary>Creates the S3 client for uploads: the SDK's credential chain and region, or an endpoint override for local emulators.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// An S3 client for <paramref name="region"/> (the SDK's default when null); with <paramref name="endpoint"/> (e.g. moto)
    /// it uses path-style addressing against that endpoint.
    /// </summary>
    public static IAmazonS3 Create(string? region, Uri? endpoint, AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config();
        if (region is { Length: > 0 }) config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}
