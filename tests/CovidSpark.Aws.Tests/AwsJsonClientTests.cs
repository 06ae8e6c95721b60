using System.Net;
using System.Text.Json.Serialization;
using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Testing;

namespace CovidSpark.Aws.Tests;

public sealed class AwsJsonClientTests
{
    private static Dictionary<string, string> Headers(params (string, string)[] h) => h.ToDictionary(x => x.Item1, x => x.Item2);

    [Fact]
    public async Task Throttling_is_retried_then_the_answer_is_read()
    {
        await using var server = LoopbackHttpServer.Sequence(
            new ScriptedResponse(400, """{"__type":"com.amazonaws.emr#ThrottlingException","message":"Rate exceeded"}"""),
            new ScriptedResponse(200, """{"StepIds":["s-1"]}"""));
        using var http = new HttpClient();
        var emr = new EmrClient(http, AwsTestClients.Options(server.BaseUri));

        var result = await emr.AddJobFlowStepsAsync(new AddJobFlowStepsRequest("j-1", [new StepConfig("n", new HadoopJarStepConfig("command-runner.jar", ["a"]))]));

        Assert.Equal(["s-1"], result.StepIds);
        Assert.Equal(2, server.Requests.Count);
        var first = server.Requests[0];
        Assert.Equal("ElasticMapReduce.AddJobFlowSteps", first.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", first.Headers["Content-Type"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=testing/", first.Headers["Authorization"]);
        Assert.Contains("\"Args\":[\"a\"]", first.Body);
    }

    [Fact]
    public async Task A_5xx_is_retried_for_reads_but_never_for_AddJobFlowSteps_which_may_have_been_carried_out()
    {
        await using var server = new LoopbackHttpServer(_ => new ScriptedResponse(503, "{}"));
        using var http = new HttpClient();
        var emr = new EmrClient(http, AwsTestClients.Options(server.BaseUri));

        await Assert.ThrowsAsync<AwsServiceException>(() => emr.AddJobFlowStepsAsync(new AddJobFlowStepsRequest("j-1", [new StepConfig("n", new HadoopJarStepConfig("command-runner.jar", ["a"]))])));
        Assert.Single(server.Requests);
        await Assert.ThrowsAsync<AwsServiceException>(() => emr.DescribeStepAsync(new DescribeStepRequest("j-1", "s-1")));
        Assert.Equal(1 + 3, server.Requests.Count);
    }

    [Fact]
    public async Task Non_retryable_error_surfaces_code_message_and_request_id_after_one_attempt()
    {
        await using var server = new LoopbackHttpServer(_ => new ScriptedResponse(400,
            """{"__type":"InvalidRequestException","Message":"Cluster id 'j-X' is not valid."}""", Headers(("x-amzn-RequestId", "req-42"))));
        using var http = new HttpClient();
        var emr = new EmrClient(http, AwsTestClients.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emr.DescribeClusterAsync(new DescribeClusterRequest("j-X")));

        Assert.Equal("InvalidRequestException", ex.ErrorCode);
        Assert.Equal("Cluster id 'j-X' is not valid.", ex.ErrorMessage);
        Assert.Equal("req-42", ex.RequestId);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Persistent_throttling_gives_up_after_max_attempts()
    {
        await using var server = new LoopbackHttpServer(_ => new ScriptedResponse(429, "", Headers(("x-amzn-ErrorType", "TooManyRequestsException:http://internal"))));
        using var http = new HttpClient();
        var emr = new EmrClient(http, AwsTestClients.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emr.ListClustersAsync(new ListClustersRequest()));

        Assert.Equal("TooManyRequestsException", ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_transport_error()
    {
        using var http = new HttpClient();
        var emr = new EmrClient(http, AwsTestClients.Options(new Uri($"http://127.0.0.1:{MotoServer.FreePort()}/")));
        var ex = await Assert.ThrowsAsync<AwsTransportException>(() => emr.ListClustersAsync(new ListClustersRequest()));
        Assert.Equal(3, ex.Attempts);
    }

    [Fact]
    public async Task Json_10_services_use_their_own_target_content_type_and_signing_name()
    {
        await using var server = new LoopbackHttpServer(_ => new ScriptedResponse(200, """{"StreamDescription":{"StreamArn":"arn:x"}}"""));
        using var http = new HttpClient();
        var client = new AwsJsonClient(AwsServiceDescriptor.DynamoDbStreams, http, AwsTestClients.Options(server.BaseUri));

        var answer = await client.SendAsync("DescribeStream", new StreamProbe("arn:x"), ProbeJson.Default.StreamProbe, ProbeJson.Default.StreamAnswer);

        Assert.Equal("arn:x", answer.StreamDescription!.StreamArn);
        var req = Assert.Single(server.Requests);
        Assert.Equal("DynamoDBStreams_20120810.DescribeStream", req.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", req.Headers["Content-Type"]);
        Assert.Contains("/us-east-1/dynamodb/aws4_request", req.Headers["Authorization"]);
    }

    [Fact]
    public void Endpoint_resolution_prefers_options_then_service_variable_then_global_variable()
    {
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://global:1", ["AWS_ENDPOINT_URL_EMR"] = "http://emr:2", ["AWS_REGION"] = "eu-west-1" };
        var options = new AwsClientOptions { Environment = k => env.GetValueOrDefault(k) };
        Assert.Equal("eu-west-1", AwsSettingsResolver.ResolveRegion(options));
        Assert.Equal(new Uri("http://emr:2"), AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.Emr, options, "eu-west-1"));
        Assert.Equal(new Uri("http://global:1"), AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.DynamoDbStreams, options, "eu-west-1"));
        Assert.Equal(new Uri("http://x:3"), AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.Emr, options with { EndpointUrl = new Uri("http://x:3") }, "eu-west-1"));
        Assert.Equal(new Uri("https://streams.dynamodb.eu-west-1.amazonaws.com/"),
            AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.DynamoDbStreams, new AwsClientOptions { Environment = _ => null }, "eu-west-1"));

        env["AWS_ENDPOINT_URL_EMR"] = "not a url";
        var ex = Assert.Throws<AwsConfigurationException>(() => AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.Emr, options, "eu-west-1"));
        Assert.Equal("AWS_ENDPOINT_URL_EMR", ex.Setting);
    }

    [Fact]
    public async Task Cancel_steps_sends_cluster_step_ids_and_option_and_reads_the_outcome()
    {
        // moto has no CancelSteps; a loopback server checks the wire shape against the EMR API reference.
        await using var server = new LoopbackHttpServer(_ => new ScriptedResponse(200,
            """{"CancelStepsInfoList":[{"StepId":"s-1","Status":"SUBMITTED","Reason":""},{"StepId":"s-2","Status":"FAILED","Reason":"already completed"}]}"""));
        using var http = new HttpClient();
        var emr = new EmrClient(http, AwsTestClients.Options(server.BaseUri));

        var result = await emr.CancelStepsAsync(new CancelStepsRequest("j-1", ["s-1", "s-2"], "SEND_INTERRUPT"));

        Assert.Equal(["SUBMITTED", "FAILED"], result.CancelStepsInfoList!.Select(i => i.Status));
        var req = Assert.Single(server.Requests);
        Assert.Equal("ElasticMapReduce.CancelSteps", req.Headers["X-Amz-Target"]);
        Assert.Equal("""{"ClusterId":"j-1","StepIds":["s-1","s-2"],"StepCancellationOption":"SEND_INTERRUPT"}""", req.Body);
    }

    [Fact]
    public void Backoff_grows_exponentially_and_is_capped()
    {
        var p = new AwsRetryPolicy(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(100), p.BackoffBound(1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), p.BackoffBound(2));
        Assert.Equal(TimeSpan.FromMilliseconds(300), p.BackoffBound(3));
        Assert.Equal(TimeSpan.FromMilliseconds(150), p.Backoff(3, 0.5));
    }
}

internal sealed record StreamProbe(string StreamArn);
internal sealed record StreamAnswer(StreamProbe? StreamDescription);

[JsonSerializable(typeof(StreamProbe))]
[JsonSerializable(typeof(StreamAnswer))]
internal sealed partial class ProbeJson : JsonSerializerContext;
