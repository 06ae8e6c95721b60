using CovidSpark.Deploy.Stack;
using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

public sealed class AwsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("covidspark-cli-").FullName;

    [Fact]
    public void Deploy_arguments_pass_each_override_as_one_argument_in_a_stable_order()
    {
        var args = StackDeployer.DeployArguments("deploy/template.yaml", "covidspark", new Dictionary<string, string>
        {
            ["ScheduleExpression"] = "cron(30 5 * * ? *)",
            ["Architecture"] = "arm64",
        });
        Assert.Equal(new[]
        {
            "--template-file", "deploy/template.yaml", "--stack-name", "covidspark", "--capabilities", "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset", "--parameter-overrides", "Architecture=arm64", "ScheduleExpression=cron(30 5 * * ? *)",
            "--tags", "covidspark:stack=covidspark",
        }, args);
    }

    [Fact]
    public async Task Arguments_reach_the_cli_intact_without_any_shell_in_between()
    {
        // A stand-in `aws` that writes each argument it receives on its own line.
        var fake = Path.Combine(_dir, "aws");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cli = new AwsCli(new ProcessRunner(), new AwsCliOptions(fake, Region: "eu-west-1", EndpointUrl: new Uri("http://127.0.0.1:5000/")));

        var hostile = "x; rm -rf / $(id) `id` * 'q' \"d\"";
        var output = await cli.RunAsync("cloudformation", "deploy", ["--parameter-overrides", $"NotifyStates={hostile}"]);

        Assert.Equal(new[]
        {
            "cloudformation", "deploy", "--parameter-overrides", $"NotifyStates={hostile}",
            "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:5000", "--output", "json",
        }, output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_failing_or_missing_cli_becomes_a_typed_error_with_its_message()
    {
        var fake = Path.Combine(_dir, "aws");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'An error occurred (ValidationError): Template format error' >&2\nexit 254\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var failing = await Assert.ThrowsAsync<AwsCliException>(() => new AwsCli(new ProcessRunner(), new AwsCliOptions(fake)).RunAsync("cloudformation", "deploy", []));
        Assert.Equal(254, failing.ExitCode);
        Assert.Equal("aws cloudformation deploy", failing.Command);
        Assert.Contains("Template format error", failing.Message);

        var missing = await Assert.ThrowsAsync<AwsCliException>(() =>
            new AwsCli(new ProcessRunner(), new AwsCliOptions(Path.Combine(_dir, "no-such-aws"))).RunAsync("s3", "ls", []));
        Assert.Null(missing.ExitCode);
        Assert.Contains("Is the AWS CLI installed", missing.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
