using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace CovidSpark.Aws.Signing;

/// <summary>
/// Builds a SigV4-signed JSON-protocol POST with AWSSDK.Core's <see cref="AWS4Signer"/> (payload signed, <c>x-amz-content-sha256</c> set).
/// The signed headers are host, content-type, x-amz-content-sha256, x-amz-date, x-amz-target and, with temporary credentials,
/// x-amz-security-token.
/// </summary>
public static class SigV4RequestSigner
{
    /// <summary>Signs and returns a ready-to-send request.</summary>
    /// <param name="endpoint">Service endpoint; its path becomes the resource path (normally <c>/</c>).</param>
    /// <param name="target">Full <c>X-Amz-Target</c> value, e.g. <c>ElasticMapReduce.AddJobFlowSteps</c>; null omits the header.</param>
    /// <param name="body">UTF-8 JSON body bytes.</param>
    /// <param name="contentType">e.g. <c>application/x-amz-json-1.1</c>.</param>
    /// <param name="signingName">SigV4 service name.</param>
    /// <param name="region">SigV4 region.</param>
    /// <param name="credentials">Resolved credentials.</param>
    /// <param name="signedAt">Signing time (UTC).</param>
    public static HttpRequestMessage CreateSignedRequest(
        Uri endpoint, string? target, byte[] body, string contentType, string signingName, string region,
        ImmutableCredentials credentials, DateTime signedAt)
    {
        var authority = new Uri(endpoint.GetLeftPart(UriPartial.Authority));
        var config = new SigningConfig { ServiceURL = authority.ToString(), AuthenticationRegion = region, AuthenticationServiceName = signingName };
        IRequest request = new DefaultRequest(new SigningRequest(), signingName)
        {
            HttpMethod = "POST",
            Endpoint = authority,
            ResourcePath = string.IsNullOrEmpty(endpoint.AbsolutePath) ? "/" : endpoint.AbsolutePath,
            Content = body,
        };
        request.Headers["Content-Type"] = contentType;
        if (target is not null) request.Headers["X-Amz-Target"] = target;
        if (credentials.UseToken) request.Headers["X-Amz-Security-Token"] = credentials.Token;

        var signer = new AWS4Signer(signPayload: true);
        var result = signer.SignRequest(request, config, null, credentials.AccessKey, credentials.SecretKey,
            DateTime.SpecifyKind(signedAt, DateTimeKind.Utc));
        request.Headers["Authorization"] = result.ForAuthorizationHeader;

        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(authority, request.ResourcePath)) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                message.Content.Headers.TryAddWithoutValidation(name, value);
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>Convenience overload for UTF-8 text bodies.</summary>
    public static HttpRequestMessage CreateSignedRequest(
        Uri endpoint, string? target, string body, string contentType, string signingName, string region,
        ImmutableCredentials credentials, DateTime signedAt) =>
        CreateSignedRequest(endpoint, target, Encoding.UTF8.GetBytes(body), contentType, signingName, region, credentials, signedAt);

    private sealed class SigningRequest : AmazonWebServiceRequest;

    private sealed class SigningConfig() : ClientConfig(new DefaultConfigurationProvider([new DefaultConfiguration()]))
    {
        public override string ServiceVersion => "2009-03-31";
        public override string UserAgent => "covidspark";
        public override string RegionEndpointServiceName => AuthenticationServiceName;

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            new(ServiceURL);
    }
}
