using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using CovidSpark.Aws.Signing;

namespace CovidSpark.Aws.Tests;

public sealed class SigV4Tests
{
    private static readonly KeyValuePair<string, string>[] SuiteHeaders =
        [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")];

    [Theory]
    [InlineData("get-vanilla", "GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("post-vanilla", "POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("post-vanilla-query", "POST", "/", "Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")]
    [InlineData("get-utf8", "GET", "/\u1234", "", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")]
    public void Published_suite_vectors_match_the_reference_and_the_sdk_signer(string vector, string method, string path, string query, string expected)
    {
        var creq = SigV4Reference.CanonicalRequest(method, path, query, SuiteHeaders, [], out var signedHeaders);
        Assert.Equal("host;x-amz-date", signedHeaders);
        Assert.True(expected == SigV4Reference.Signature(creq, "20150830T123600Z", "us-east-1", "service"), vector);

        var sdk = AWS4Signer.ComputeSignature(new ImmutableCredentials(SigV4Reference.AccessKey, SigV4Reference.SecretKey, null),
            "us-east-1", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc), "service", signedHeaders, creq);
        Assert.Equal(expected, sdk.Signature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("session-token-123")]
    public void Signed_json_request_matches_an_independent_signature(string? token)
    {
        var body = """{"JobFlowId":"j-ABC","Steps":[{"Name":"pipeline 2020-11-09","HadoopJarStep":{"Jar":"command-runner.jar","Args":["a","b c"]}}]}""";
        var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        using var msg = SigV4RequestSigner.CreateSignedRequest(new Uri("https://elasticmapreduce.us-east-1.amazonaws.com/"),
            "ElasticMapReduce.AddJobFlowSteps", body, "application/x-amz-json-1.1", "elasticmapreduce", "us-east-1",
            new ImmutableCredentials(SigV4Reference.AccessKey, SigV4Reference.SecretKey, token), at);

        var authorization = msg.Headers.GetValues("Authorization").Single();
        var expectedSigned = token is null
            ? "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target"
            : "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target";
        Assert.Contains($"Credential=AKIDEXAMPLE/20240102/us-east-1/elasticmapreduce/aws4_request, SignedHeaders={expectedSigned}, Signature=", authorization);

        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "application/x-amz-json-1.1"), new("host", "elasticmapreduce.us-east-1.amazonaws.com"),
            new("x-amz-content-sha256", msg.Headers.GetValues("X-Amz-Content-SHA256").Single()),
            new("x-amz-date", "20240102T030405Z"), new("x-amz-target", "ElasticMapReduce.AddJobFlowSteps"),
        };
        if (token is not null) headers.Add(new("x-amz-security-token", token));
        var creq = SigV4Reference.CanonicalRequest("POST", "/", "", headers, Encoding.UTF8.GetBytes(body), out _);
        var expected = SigV4Reference.Signature(creq, "20240102T030405Z", "us-east-1", "elasticmapreduce");
        Assert.EndsWith("Signature=" + expected, authorization);
        Assert.Equal(SigV4Reference.Hex(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body))), headers[2].Value);
    }
}
