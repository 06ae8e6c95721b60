using CovidSpark.Aws;
using System.CommandLine;
using CovidSpark.Deploy;
using CovidSpark.Deploy.Artifacts;
using CovidSpark.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Cli.Commands.Deploy;

/// <summary>The options of the host CLI that <c>deploy</c> reads (recursive options defined once on its root command).</summary>
/// <param name="Region"><c>--region</c>.</param>
/// <param name="EndpointUrl"><c>--endpoint-url</c> (falls back to <c>AWS_ENDPOINT_URL_S3</c>/<c>AWS_ENDPOINT_URL_CLOUDFORMATION</c>, then <c>AWS_ENDPOINT_URL</c>).</param>
/// <param name="Config"><c>--config</c>: emr-config.json.</param>
/// <param name="Json"><c>--json</c>.</param>
/// <param name="Verbose"><c>--verbose</c>.</param>
/// <param name="Table"><c>--table</c>: becomes the <c>LedgerTableName</c> parameter when given.</param>
/// <param name="ClusterName"><c>--cluster-name</c>: becomes the <c>ClusterName</c> parameter when given.</param>
public sealed record DeployHostOptions(
    Option<string?> Region, Option<string?> EndpointUrl, Option<string> Config, Option<bool> Json, Option<bool> Verbose,
    Option<string?>? Table = null, Option<string?>? ClusterName = null);

/// <summary>Where <c>deploy</c> writes and what it reads from the process.</summary>
/// <param name="Output">The report (text or JSON).</param>
/// <param name="Error">Progress and errors.</param>
/// <param name="Environment">Environment variable lookup.</param>
public sealed record DeployConsole(TextWriter Output, TextWriter Error, Func<string, string?> Environment);

/// <summary>
/// <c>covidspark deploy</c>: verifies the packaged bundles, uploads them with the bootstrap scripts and emr-config.json to
/// the stack's bucket, and creates or updates the CloudFormation stack (see docs/deploy.md).
/// </summary>
public static class DeployCommand
{
    /// <summary>Exit code: deployed.</summary>
    public const int Ok = 0;
    /// <summary>Exit code: bad arguments or artifacts.</summary>
    public const int Usage = 1;
    /// <summary>Exit code: S3, CloudFormation or the AWS CLI failed.</summary>
    public const int AwsError = 5;

    /// <summary>Builds the command.</summary>
    public static Command Create(DeployHostOptions host, DeployConsole console)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(console);
        var stack = new Option<string>("--stack-name", "-s") { Description = "CloudFormation stack name (also prefixes function and role names).", DefaultValueFactory = _ => "covidspark" };
        var artifacts = new Option<string>("--artifacts", "-a") { Description = "Output folder of scripts/package.sh.", DefaultValueFactory = _ => "artifacts" };
        var arch = new Option<string>("--arch") { Description = "Lambda architecture: x64 or arm64 (package it first).", DefaultValueFactory = _ => "x64" };
        var template = new Option<string>("--template") { Description = "The CloudFormation template.", DefaultValueFactory = _ => Path.Combine("deploy", "template.yaml") };
        var bootstrap = new Option<string>("--bootstrap-dir") { Description = "Folder of the EMR bootstrap scripts to upload.", DefaultValueFactory = _ => "bootstrap" };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Template parameter override Key=Value (repeatable), e.g. SlackWebhookParameterName=/covidspark/slack-webhook.",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var profile = new Option<string?>("--profile") { Description = "Named AWS profile for uploads and the AWS CLI." };
        var awsCli = new Option<string>("--aws-cli") { Description = "The AWS CLI program.", DefaultValueFactory = _ => "aws" };

        var command = new Command("deploy", """
            Deploy CovidSpark to an AWS account, idempotently: verify the bundles of scripts/package.sh against SHA256SUMS; when
            the stack does not exist yet, create it once without functions so its bucket exists; fill the stack's bucket,
            ledger table and EMR roles into emr-config.json (--config, else the one packaged with the functions) and put it
            into the functions bundle; upload bundles, checksums and bootstrap scripts (objects already there are skipped);
            then `aws cloudformation deploy` the stack with the functions at this release. Needs the AWS CLI.

            Examples:
              covidspark deploy --artifacts artifacts --config emr-config.json \
                  --parameter SlackWebhookParameterName=/covidspark/slack-webhook --parameter AlarmEmail=oncall@example.com
              covidspark deploy --arch arm64 --parameter ScheduleExpression="cron(0 6 * * ? *)"
              covidspark deploy --endpoint-url http://127.0.0.1:5000      uploads to a local emulator (moto)

            Exit codes: 0 deployed, 1 bad arguments or artifacts, 5 S3/CloudFormation/AWS CLI failure.
            """)
        { stack, artifacts, arch, template, bootstrap, parameters, profile, awsCli };
        foreach (var option in new Option?[] { host.Config, host.ClusterName, host.Table, host.Region, host.EndpointUrl, host.Json, host.Verbose })
            if (option is not null) command.Options.Add(option);

        command.SetAction(async (parse, ct) =>
        {
            DeployReport report;
            try
            {
                var overrides = new Dictionary<string, string>(ParameterOverrides.Parse(parse.GetValue(parameters) ?? []), StringComparer.Ordinal);
                if (host.Table is not null && parse.GetValue(host.Table) is { Length: > 0 } table) overrides.TryAdd("LedgerTableName", table);
                if (host.ClusterName is not null && parse.GetValue(host.ClusterName) is { Length: > 0 } cluster) overrides.TryAdd(Deployment.ClusterNameParameter, cluster);
                var request = new DeployRequest
                {
                    StackName = parse.GetValue(stack)!,
                    ArtifactsDirectory = parse.GetValue(artifacts)!,
                    TemplatePath = parse.GetValue(template)!,
                    BootstrapDirectory = parse.GetValue(bootstrap)!,
                    EmrConfigPath = ConfigPath(parse, host.Config),
                    Architecture = LambdaArchitectureNames.Parse(parse.GetValue(arch)!),
                    Parameters = overrides,
                };
                var aws = AwsSettingsResolver.FromOptions(parse.GetValue(host.Region), parse.GetValue(host.EndpointUrl), console.Environment,
                    profile: parse.GetValue(profile));
                var target = new DeployTarget(aws, parse.GetValue(awsCli)!);
                using var loggers = HostLogging.Text(console.Error, HostLogging.Verbosity(parse.GetValue(host.Verbose), LogLevel.Information));
                var (deployment, resources) = DeploymentFactory.Create(target, loggers);
                using (resources)
                    report = await deployment.DeployAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CovidSparkOperationsException { IsUsageError: true } or ArgumentException or FormatException)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return Usage;
            }
            catch (Exception e) when (e is CovidSparkOperationsException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return AwsError;
            }
            if (parse.GetValue(host.Json)) DeployReportWriter.WriteJson(report, console.Output);
            else DeployReportWriter.WriteText(report, console.Output);
            return Ok;
        });
        return command;
    }

    /// <summary>An explicitly given --config must exist; the implicit default is used only when the file is there.</summary>
    private static string? ConfigPath(ParseResult parse, Option<string> config)
    {
        var path = parse.GetValue(config);
        var explicitlyGiven = parse.GetResult(config) is { Implicit: false };
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (File.Exists(path)) return path;
        if (explicitlyGiven) throw new ArgumentException($"--config '{path}' does not exist");
        return null;
    }
}
