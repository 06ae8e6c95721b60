using CovidSpark.Deploy.Stack;
using CovidSpark.Deploy.Tests.Infrastructure;
using CovidSpark.Testing;

namespace CovidSpark.Deploy.Tests;

/// <summary>The real AWS CLI deploys the real template's first pass into moto's CloudFormation (which skips resource types it lacks).</summary>
[Collection(MotoCollection.Name)]
public sealed class StackDeployerMotoTests(MotoServer moto)
{
    [ToolFact("aws")]
    public async Task The_real_cli_accepts_our_deploy_arguments_and_the_stack_bucket_is_found_afterwards()
    {
        var stackName = "cs" + Guid.NewGuid().ToString("N")[..10];
        var cli = new AwsCli(new ProcessRunner(), new AwsCliOptions(Region: MotoServer.Region, EndpointUrl: moto.Endpoint, Environment: MotoS3.CliEnvironment(moto)));
        var stack = new StackDeployer(cli);

        Assert.Null(await stack.FindBucketAsync(stackName));
        await stack.DeployAsync(RepoPaths.Template, stackName, new Dictionary<string, string>
        {
            ["ScheduleExpression"] = "cron(15 4 * * ? *)",
            ["LedgerTableName"] = stackName + "-jobs",
        });
        var bucket = await stack.FindBucketAsync(stackName);

        Assert.NotNull(bucket);
        using var s3 = MotoS3.S3(moto);
        Assert.Contains((await s3.ListBucketsAsync()).Buckets, b => b.BucketName == bucket);
        await stack.DeployAsync(RepoPaths.Template, stackName, new Dictionary<string, string> { ["LedgerTableName"] = stackName + "-jobs" }); // unchanged: no failure
    }
}
