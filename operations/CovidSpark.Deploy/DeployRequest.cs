using CovidSpark.Deploy.Artifacts;

namespace CovidSpark.Deploy;

/// <summary>What <c>covidspark deploy</c> deploys, and where.</summary>
public sealed record DeployRequest
{
    /// <summary>CloudFormation stack name (also prefixes the function names).</summary>
    public required string StackName { get; init; }

    /// <summary>Output folder of <c>scripts/package.sh</c> (bundle zips and <c>SHA256SUMS</c>).</summary>
    public required string ArtifactsDirectory { get; init; }

    /// <summary>The template (deploy/template.yaml).</summary>
    public required string TemplatePath { get; init; }

    /// <summary>Folder whose <c>*.sh</c> EMR bootstrap actions are uploaded (bootstrap/).</summary>
    public required string BootstrapDirectory { get; init; }

    /// <summary>emr-config.json to upload for the launcher Lambda; null leaves the one in the bucket alone.</summary>
    public string? EmrConfigPath { get; init; }

    /// <summary>Architecture of the Lambda functions; the matching functions bundle must be packaged.</summary>
    public LambdaArchitecture Architecture { get; init; } = LambdaArchitecture.X64;

    /// <summary>
    /// Template parameter overrides (e.g. <c>SlackWebhookParameterName</c>, <c>ScheduleExpression</c>); parameters not given keep
    /// their previous value on an update. <see cref="Deployment.ManagedParameters"/> are set by the deployment itself.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>What a deployment did.</summary>
/// <param name="StackName">The stack.</param>
/// <param name="Bucket">The data-lake bucket the bundles went to.</param>
/// <param name="ReleaseId">Id of the deployed release (S3 folder <c>scripts/releases/&lt;id&gt;/</c>).</param>
/// <param name="FunctionsBundleKey">S3 key the Lambdas run from.</param>
/// <param name="CreatedInfrastructureFirst">True when the stack did not exist and a first pass created the bucket.</param>
/// <param name="Upload">Every object written or found unchanged.</param>
/// <param name="ConfigChanges">Values of emr-config.json replaced by the stack's names in the uploaded copy.</param>
/// <param name="Outputs">The stack's outputs after the deployment.</param>
public sealed record DeployReport(
    string StackName,
    string Bucket,
    string ReleaseId,
    string FunctionsBundleKey,
    bool CreatedInfrastructureFirst,
    Upload.UploadReport Upload,
    IReadOnlyList<Upload.StampedValue> ConfigChanges,
    IReadOnlyDictionary<string, string> Outputs);
