using System.Text.Json;
using Amazon.S3;
using CovidSpark.Deploy.Stack;

namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>
/// Plays the AWS CLI's CloudFormation commands for <see cref="Deployment"/> tests: a deploy creates the stack's bucket in
/// moto's S3 (the part that matters to the upload), describe commands answer like the real CLI, every call is recorded.
/// </summary>
public sealed class FakeCloudFormation(IAmazonS3 s3, string bucket) : IProcessRunner
{
    private readonly List<IReadOnlyList<string>> _calls = [];
    private bool _exists;

    public IReadOnlyList<IReadOnlyList<string>> Calls => _calls;

    public IEnumerable<IReadOnlyList<string>> Deploys => _calls.Where(c => c[1] == "deploy");

    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        _calls.Add(arguments.ToList());
        switch (arguments[1])
        {
            case "deploy":
                if (!_exists) await s3.PutBucketAsync(bucket, cancellationToken);
                _exists = true;
                return new ProcessResult(0, "Successfully created/updated stack", "");
            case "describe-stack-resource" when !_exists:
            case "describe-stacks" when !_exists:
                return new ProcessResult(254, "", "An error occurred (ValidationError) when calling the DescribeStackResource operation: Stack 'covidspark' does not exist");
            case "describe-stack-resource":
                return new ProcessResult(0, JsonSerializer.Serialize(new { StackResourceDetail = new { LogicalResourceId = "LakeBucket", PhysicalResourceId = bucket } }), "");
            case "describe-stacks":
                return new ProcessResult(0, JsonSerializer.Serialize(new
                {
                    Stacks = new[]
                    {
                        new
                        {
                            StackName = "covidspark",
                            Outputs = new[]
                            {
                                new { OutputKey = "BucketName", OutputValue = bucket },
                                new { OutputKey = "LedgerTableName", OutputValue = "covidspark-jobs" },
                                new { OutputKey = "EmrServiceRoleName", OutputValue = "covidspark-emr-service" },
                                new { OutputKey = "EmrInstanceProfileName", OutputValue = "covidspark-emr-instance" },
                            },
                        },
                    },
                }), "");
            default:
                return new ProcessResult(2, "", $"unexpected command {string.Join(' ', arguments)}");
        }
    }
}
