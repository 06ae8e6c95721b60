using System.CommandLine;
using System.Text.Json.Nodes;
using Amazon.S3;
using CovidSpark.Cli.Commands.Deploy;
using CovidSpark.Deploy.Tests.Infrastructure;
using CovidSpark.Testing;

namespace CovidSpark.Deploy.Tests;

/// <summary>
/// <c>deploy</c> as the covidspark CLI runs it, in process: real uploads to moto's S3 through AWSSDK.S3; CloudFormation
/// played by a stand-in <c>aws</c> program (moto's CloudFormation cannot update this template) that records its arguments.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class DeployCommandTests : IDisposable
{
    private readonly MotoServer _moto;
    private readonly IAmazonS3 _s3;
    private readonly FakeRelease _release = new FakeRelease().WithStandardBundles();
    private readonly string _bucket = MotoS3.NewBucket();
    private readonly string _dir = Directory.CreateTempSubdirectory("covidspark-deploycmd-").FullName;
    private readonly StringWriter _out = new(), _err = new();

    public DeployCommandTests(MotoServer moto)
    {
        _moto = moto;
        _s3 = MotoS3.S3(moto);
        File.WriteAllText(FakeAws, $$$"""
            #!/usr/bin/env bash
            # Stand-in for `aws cloudformation …`: one stack whose bucket is {{{_bucket}}}; every call is appended to calls.log.
            state="{{{_dir}}}"
            printf '%s\n' "$*" >> "$state/calls.log"
            case "$2" in
              deploy) touch "$state/created"; echo "Successfully created/updated stack" ;;
              describe-stack-resource)
                [[ -f "$state/created" ]] || { echo "An error occurred (ValidationError): Stack with id $4 does not exist" >&2; exit 254; }
                echo '{"StackResourceDetail":{"PhysicalResourceId":"{{{_bucket}}}"}}' ;;
              describe-stacks)
                [[ -f "$state/created" ]] || { echo "Stack with id $4 does not exist" >&2; exit 254; }
                echo '{"Stacks":[{"Outputs":[{"OutputKey":"BucketName","OutputValue":"{{{_bucket}}}"},{"OutputKey":"LedgerTableName","OutputValue":"team-jobs"}]}]}' ;;
              *) echo "unexpected $*" >&2; exit 2 ;;
            esac
            """);
        File.SetUnixFileMode(FakeAws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string FakeAws => Path.Combine(_dir, "aws");

    private async Task<int> RunAsync(params string[] args)
    {
        // The host CLI's recursive global options, as covidspark defines them.
        var region = new Option<string?>("--region") { Recursive = true };
        var endpoint = new Option<string?>("--endpoint-url") { Recursive = true };
        var config = new Option<string>("--config", "-c") { DefaultValueFactory = _ => "emr-config.json", Recursive = true };
        var json = new Option<bool>("--json") { Recursive = true };
        var verbose = new Option<bool>("--verbose", "-v") { Recursive = true };
        var table = new Option<string?>("--table") { Recursive = true };
        var cluster = new Option<string?>("--cluster-name") { Recursive = true };
        var root = new RootCommand { region, endpoint, config, json, verbose, table, cluster };
        var env = MotoS3.CliEnvironment(_moto);
        root.Subcommands.Add(DeployCommand.Create(new DeployHostOptions(region, endpoint, config, json, verbose, table, cluster),
            new DeployConsole(_out, _err, name => env.GetValueOrDefault(name))));
        return await root.Parse(args).InvokeAsync();
    }

    private string[] Deploy(params string[] extra) =>
    [
        "deploy", "--artifacts", _release.Directory, "--template", RepoPaths.Template, "--bootstrap-dir", RepoPaths.BootstrapDirectory,
        "--aws-cli", FakeAws, "--endpoint-url", _moto.Endpoint.ToString(), "--region", MotoServer.Region, .. extra,
    ];

    [Fact]
    public async Task Deploys_uploads_to_the_stack_bucket_and_passes_options_as_template_parameters()
    {
        await _s3.PutBucketAsync(_bucket);

        var exit = await RunAsync(Deploy("--json", "--table", "team-jobs", "--parameter", "SlackWebhookParameterName=/covidspark/slack-webhook",
            "--parameter", "ScheduleExpression=cron(0 6 * * ? *)"));

        Assert.True(exit == 0, _err.ToString());
        var report = JsonNode.Parse(_out.ToString())!;
        Assert.Equal(_bucket, (string?)report["bucket"]);
        Assert.True((bool)report["createdInfrastructureFirst"]!);
        var key = (string)report["functionsBundleKey"]!;
        await _s3.GetObjectMetadataAsync(_bucket, key);                                              // the code the stack points at is there
        await _s3.GetObjectMetadataAsync(_bucket, "scripts/bootstrap/install-bundle.sh");
        await _s3.GetObjectMetadataAsync(_bucket, "scripts/current/SHA256SUMS");

        var deploys = File.ReadAllLines(Path.Combine(_dir, "calls.log")).Where(l => l.StartsWith("cloudformation deploy", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, deploys.Count);
        Assert.Contains("LedgerTableName=team-jobs", deploys[1]);
        Assert.Contains("SlackWebhookParameterName=/covidspark/slack-webhook", deploys[1]);
        Assert.Contains("ScheduleExpression=cron(0 6 * * ? *)", deploys[1]);
        Assert.Contains($"FunctionsBundleKey={key}", deploys[1]);
        Assert.Contains($"--endpoint-url {_moto.Endpoint.ToString().TrimEnd('/')}", deploys[1]);
        Assert.Contains("Release ", _err.ToString());                                                // progress went to standard error
    }

    [Theory]
    [InlineData("--parameter NoEquals", "--parameter: 'NoEquals' is not Key=Value")]
    [InlineData("--arch sparc", "unknown architecture 'sparc'")]
    [InlineData("--config /nonexistent/emr-config.json", "--config '/nonexistent/emr-config.json' does not exist")]
    public async Task Bad_arguments_exit_1_with_the_reason_before_anything_is_deployed(string args, string expected)
    {
        var all = Deploy().Concat(args.Split(' ')).ToArray();
        Assert.Equal(1, await RunAsync(all));
        Assert.Contains("error: " + expected, _err.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "calls.log")));
    }

    [Fact]
    public async Task An_endpoint_that_is_not_a_url_is_refused()
    {
        var args = Deploy().ToList();
        args[args.IndexOf("--endpoint-url") + 1] = "not-a-url";
        Assert.Equal(1, await RunAsync([.. args]));
        Assert.Contains("error: --endpoint-url 'not-a-url' is not an absolute http(s) URL", _err.ToString());
    }

    [Fact]
    public async Task A_failing_stack_deployment_exits_5_with_the_cli_message()
    {
        File.WriteAllText(FakeAws, "#!/usr/bin/env bash\necho 'An error occurred (AccessDenied) when calling the DescribeStackResource operation: not allowed' >&2\nexit 255\n");
        Assert.Equal(5, await RunAsync(Deploy()));
        Assert.Contains("AccessDenied", _err.ToString());
    }

    public void Dispose()
    {
        _release.Dispose();
        _s3.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
