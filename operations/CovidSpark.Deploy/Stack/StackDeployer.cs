using System.Text.Json;

namespace CovidSpark.Deploy.Stack;

/// <summary>
/// Deploys the CloudFormation stack through <c>aws cloudformation deploy</c> (change sets; an unchanged stack is a no-op)
/// and reads what it created.
/// </summary>
public sealed class StackDeployer(AwsCli cli)
{
    /// <summary>Logical id of the data-lake bucket in deploy/template.yaml.</summary>
    public const string BucketLogicalId = "LakeBucket";

    /// <summary>
    /// The arguments of <c>aws cloudformation deploy</c>: template, stack, IAM capability, no failure on an empty change
    /// set, each parameter override as its own <c>Key=Value</c> argument, and a tag naming the stack.
    /// </summary>
    public static IReadOnlyList<string> DeployArguments(string templatePath, string stackName, IReadOnlyDictionary<string, string> parameters)
    {
        var args = new List<string>
        {
            "--template-file", templatePath,
            "--stack-name", stackName,
            "--capabilities", "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset",
        };
        if (parameters.Count > 0)
        {
            args.Add("--parameter-overrides");
            args.AddRange(parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        }
        args.AddRange(["--tags", $"covidspark:stack={stackName}"]);
        return args;
    }

    /// <summary>Creates or updates the stack and waits until CloudFormation is done.</summary>
    /// <exception cref="AwsCliException">The deployment failed (the CLI's message says why; see the stack events).</exception>
    public async Task DeployAsync(string templatePath, string stackName, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        try
        {
            await cli.RunAsync("cloudformation", "deploy", DeployArguments(templatePath, stackName, parameters), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCliException e) when (e.ExitCode is not null && e.Error.Contains("No updates are to be performed", StringComparison.Ordinal))
        {
            // Some CloudFormation implementations reject an empty change set with this error instead of a FAILED change
            // set the CLI recognises; either way the stack already is what was asked for.
        }
    }

    /// <summary>The bucket the stack created, or null when the stack does not exist yet.</summary>
    /// <exception cref="AwsCliException">The CLI failed for another reason (credentials, region, network).</exception>
    public async Task<string?> FindBucketAsync(string stackName, CancellationToken cancellationToken = default)
    {
        string json;
        try
        {
            json = await cli.RunAsync("cloudformation", "describe-stack-resource",
                ["--stack-name", stackName, "--logical-resource-id", BucketLogicalId], cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCliException e) when (e.ExitCode is not null && e.Error.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("StackResourceDetail", out var detail) && detail.TryGetProperty("PhysicalResourceId", out var id)
            && id.GetString() is { Length: > 0 } bucket
            ? bucket
            : null;
    }

    /// <summary>The stack's outputs (empty when it has none or does not exist).</summary>
    /// <exception cref="AwsCliException">The CLI failed for another reason.</exception>
    public async Task<IReadOnlyDictionary<string, string>> GetOutputsAsync(string stackName, CancellationToken cancellationToken = default)
    {
        string json;
        try
        {
            json = await cli.RunAsync("cloudformation", "describe-stacks", ["--stack-name", stackName], cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCliException e) when (e.ExitCode is not null && e.Error.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
        {
            return new Dictionary<string, string>();
        }
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var stack in doc.RootElement.GetProperty("Stacks").EnumerateArray())
        {
            if (!stack.TryGetProperty("Outputs", out var list) || list.ValueKind != JsonValueKind.Array) continue;
            foreach (var o in list.EnumerateArray())
                if (o.GetProperty("OutputKey").GetString() is { } key)
                    outputs[key] = o.GetProperty("OutputValue").GetString() ?? "";
        }
        return outputs;
    }
}
