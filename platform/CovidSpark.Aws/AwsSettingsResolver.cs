namespace CovidSpark.Aws;

/// <summary>Resolves region and endpoint the way the AWS SDKs and CLI do, from options first and the environment second.</summary>
public static class AwsSettingsResolver
{
    /// <summary>
    /// Region: <see cref="AwsClientOptions.Region"/>, then <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then the SDK's
    /// fallback (profile / instance metadata).
    /// </summary>
    /// <exception cref="AwsConfigurationException">No source names a region.</exception>
    public static string ResolveRegion(AwsClientOptions options)
    {
        var region = Blank(options.Region) ?? Blank(options.Environment("AWS_REGION")) ?? Blank(options.Environment("AWS_DEFAULT_REGION"));
        if (region is not null) return region;
        try
        {
            region = Amazon.Runtime.FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AwsConfigurationException("region", "no region configured (pass --region or set AWS_REGION)", e);
        }
        return region ?? throw new AwsConfigurationException("region", "no region configured (pass --region or set AWS_REGION)");
    }

    /// <summary>
    /// Endpoint: <see cref="AwsClientOptions.EndpointUrl"/>, then <c>AWS_ENDPOINT_URL_{service}</c>, then <c>AWS_ENDPOINT_URL</c>,
    /// then the public regional endpoint of <paramref name="service"/>.
    /// </summary>
    /// <exception cref="AwsConfigurationException">An environment variable holds something that is not an absolute http(s) URL.</exception>
    public static Uri ResolveEndpoint(AwsServiceDescriptor service, AwsClientOptions options, string region)
    {
        if (options.EndpointUrl is { } explicitUrl) return explicitUrl;
        foreach (var key in new[] { $"AWS_ENDPOINT_URL_{service.EndpointEnvironmentKey}", "AWS_ENDPOINT_URL" })
        {
            if (Blank(options.Environment(key)) is not { } raw) continue;
            if (Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                return uri;
            throw new AwsConfigurationException(key, $"'{raw}' is not an absolute http(s) URL");
        }
        return service.DefaultEndpoint(region);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
