using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Testing;

namespace CovidSpark.Aws.Tests;

[Collection(MotoCollection.Name)]
public sealed class EmrClientMotoTests(MotoServer moto)
{
    private EmrClient Client(HttpClient http) => new(http, AwsTestClients.Options(moto.Endpoint));

    [Fact]
    public async Task Cluster_and_steps_round_trip_through_moto()
    {
        using var http = new HttpClient();
        var emr = Client(http);
        var run = await emr.RunJobFlowAsync(new RunJobFlowRequest
        {
            Name = "emr-client-roundtrip",
            ReleaseLabel = "emr-7.5.0",
            Applications = [new EmrApplication("Spark")],
            Instances = new JobFlowInstancesConfig { InstanceGroups = [new InstanceGroupConfig("MASTER", "m5.xlarge", 1)] },
            Tags = [new EmrTag("app", "covidspark")],
            AutoTerminationPolicy = new AutoTerminationPolicy(3600),
        });
        Assert.StartsWith("j-", run.JobFlowId);

        var described = await emr.DescribeClusterAsync(new DescribeClusterRequest(run.JobFlowId));
        Assert.Equal("emr-client-roundtrip", described.Cluster.Name);
        Assert.Contains(described.Cluster.Tags!, t => t is { Key: "app", Value: "covidspark" });
        Assert.Contains(described.Cluster.Status.State, ClusterStates.Active);

        var active = await emr.ListAllClustersAsync(ClusterStates.Active);
        Assert.Contains(active, c => c.Id == run.JobFlowId);

        var args = new[] { "spark-submit", "--date", "2020-11-09; rm -rf /", "x y" };
        var added = await emr.AddJobFlowStepsAsync(new AddJobFlowStepsRequest(run.JobFlowId,
            [new StepConfig("pipeline 2020-11-09", new HadoopJarStepConfig("command-runner.jar", args))]));
        var stepId = Assert.Single(added.StepIds);

        var step = await emr.DescribeStepAsync(new DescribeStepRequest(run.JobFlowId, stepId));
        Assert.Equal(args, step.Step.Config!.Args);
        Assert.True(StepStates.IsActive(step.Step.Status.State));
        Assert.NotNull(step.Step.Status.Timeline?.CreationDateTime);

        var steps = await emr.ListAllStepsAsync(run.JobFlowId, StepStates.Active);
        Assert.Contains(steps, s => s.Id == stepId);
    }

    [Fact]
    public async Task Unknown_cluster_is_a_typed_service_error()
    {
        using var http = new HttpClient();
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => Client(http).DescribeStepAsync(new DescribeStepRequest("j-DOESNOTEXIST", "s-NOPE")));
        Assert.Equal("elasticmapreduce", ex.Service);
        Assert.Equal("DescribeStep", ex.Operation);
        Assert.False(string.IsNullOrEmpty(ex.ErrorCode));
    }
}
