using CovidSpark.Deploy.Artifacts;
using CovidSpark.Deploy.Stack;
using CovidSpark.Deploy.Upload;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Deploy;

/// <summary>
/// The whole deployment, safe to repeat: verify the packaged bundles; if the stack does not exist yet, deploy it once
/// without functions so the bucket exists; fill the stack's names into emr-config.json and put it into the functions
/// bundle; upload bundles, checksums, bootstrap scripts and the configuration (unchanged objects are skipped); deploy the
/// stack pointing the Lambdas at this release; read the outputs.
/// </summary>
public sealed partial class Deployment(StackDeployer stack, BundleUploader uploader, ILogger<Deployment> logger)
{
    /// <summary>Template parameters the deployment sets itself; a request may not override them.</summary>
    public static IReadOnlySet<string> ManagedParameters { get; } = new HashSet<string>(StringComparer.Ordinal) { "FunctionsBundleKey", "Architecture" };

    /// <summary>Runs the deployment.</summary>
    /// <exception cref="ArtifactException">The artifacts are missing or do not verify.</exception>
    /// <exception cref="UploadException">An upload failed.</exception>
    /// <exception cref="AwsCliException">CloudFormation failed.</exception>
    /// <exception cref="ArgumentException">The request overrides a managed parameter.</exception>
    public async Task<DeployReport> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Parameters.Keys.FirstOrDefault(ManagedParameters.Contains) is { } managed)
            throw new ArgumentException($"parameter '{managed}' is set by the deployment itself and cannot be overridden", nameof(request));
        if (!File.Exists(request.TemplatePath)) throw new ArtifactException(request.TemplatePath, "the CloudFormation template does not exist");

        var release = await ReleaseArtifacts.LoadAsync(request.ArtifactsDirectory, cancellationToken).ConfigureAwait(false);
        var functions = release.FunctionsBundle(request.Architecture);
        if (!release.JobBundles.Any()) LogNoJobBundle(release.Directory);
        LogRelease(release.ReleaseId, functions.Manifest.Version, release.Bundles.Count);
        var bucket = await stack.FindBucketAsync(request.StackName, cancellationToken).ConfigureAwait(false);
        var firstPass = bucket is null;
        if (firstPass)
        {
            LogFirstPass(request.StackName);
            await stack.DeployAsync(request.TemplatePath, request.StackName, request.Parameters, cancellationToken).ConfigureAwait(false);
            bucket = await stack.FindBucketAsync(request.StackName, cancellationToken).ConfigureAwait(false)
                ?? throw new AwsCliException("aws cloudformation describe-stack-resource", 0,
                    $"stack {request.StackName} was deployed but has no {StackDeployer.BucketLogicalId} resource; is {request.TemplatePath} the CovidSpark template?");
        }

        var scratch = Path.Combine(Path.GetTempPath(), "covidspark-deploy-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The Lambdas read emr-config.json from their bundle: deploy a copy of the functions bundle whose
            // emr-config.json (the one given, else the bundled one) carries the stack's bucket, table and roles.
            var functionsKey = S3Layout.Release(release.ReleaseId, functions.FileName);
            string? config = null;
            IReadOnlyList<StampedValue> stamped = [];
            var extra = new List<UploadItem>();
            var source = request.EmrConfigPath;
            if (source is null)
            {
                var bundled = Path.Combine(scratch, "bundled", ConfiguredFunctionsBundle.ConfigEntry);
                if (ConfiguredFunctionsBundle.TryExtractConfig(functions.Path, bundled)) source = bundled;
                else LogNoConfig(functions.FileName);
            }
            if (source is not null)
            {
                if (!File.Exists(source)) throw new ArtifactException(source, "the EMR configuration file does not exist");
                var names = NamesOf(request, bucket!, await stack.GetOutputsAsync(request.StackName, cancellationToken).ConfigureAwait(false));
                config = Path.Combine(scratch, ConfiguredFunctionsBundle.ConfigEntry);
                stamped = EmrConfigStamper.Stamp(source, config, names);
                foreach (var change in stamped) LogStamped(change.Path, change.Before, change.After);
                var configured = Path.Combine(scratch, "configured", functions.FileName);
                ConfiguredFunctionsBundle.Create(functions.Path, config, configured);
                functionsKey = S3Layout.ConfiguredFunctions(release.ReleaseId,
                    await Sha256Sums.ComputeAsync(configured, cancellationToken).ConfigureAwait(false), functions.FileName);
                extra.Add(new UploadItem(configured, functionsKey, "application/zip"));
            }
            var plan = UploadPlan.For(release, request.BootstrapDirectory, config, extra);
            var upload = await uploader.UploadAsync(bucket!, plan, cancellationToken).ConfigureAwait(false);
            LogUploaded(bucket!, upload.Changed, upload.Objects.Count);

            var parameters = new Dictionary<string, string>(request.Parameters, StringComparer.Ordinal)
            {
                ["FunctionsBundleKey"] = functionsKey,
                ["Architecture"] = request.Architecture.CloudFormationValue(),
            };
            // The launcher's IAM only touches clusters tagged with this name: take it from the deployed configuration.
            if (config is not null && !parameters.ContainsKey(ClusterNameParameter) && EmrConfigStamper.ClusterName(config) is { } clusterName)
                parameters[ClusterNameParameter] = clusterName;
            LogDeploying(request.StackName, functionsKey);
            await stack.DeployAsync(request.TemplatePath, request.StackName, parameters, cancellationToken).ConfigureAwait(false);
            var outputs = await stack.GetOutputsAsync(request.StackName, cancellationToken).ConfigureAwait(false);
            return new DeployReport(request.StackName, bucket!, release.ReleaseId, functionsKey, firstPass, upload, stamped, outputs);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The names emr-config.json must carry: from the stack's outputs, else from the request or the template's defaults.</summary>
    internal static StackNames NamesOf(DeployRequest request, string bucket, IReadOnlyDictionary<string, string> outputs)
    {
        string Output(string key, string fallback) => outputs.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
        var table = request.Parameters.TryGetValue("LedgerTableName", out var t) ? t : DefaultLedgerTable;
        return new StackNames(bucket, Output("LedgerTableName", table),
            Output("EmrServiceRoleName", $"{request.StackName}-emr-service"), Output("EmrInstanceProfileName", $"{request.StackName}-emr-instance"));
    }

    /// <summary>Template parameter the launcher's tag conditions use; filled from <c>cluster.name</c> unless given.</summary>
    public const string ClusterNameParameter = "ClusterName";

    /// <summary>The template's default ledger table name.</summary>
    public const string DefaultLedgerTable = "covidspark-jobs";

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Release {ReleaseId} (version {Version}, {Count} bundle(s)) verified")]
    private partial void LogRelease(string releaseId, string version, int count);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "{Directory} holds no job bundle; EMR clusters keep installing the bundle already in scripts/current/")]
    private partial void LogNoJobBundle(string directory);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Stack {Stack} does not exist: first pass creates the bucket, table and roles")]
    private partial void LogFirstPass(string stack);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "s3://{Bucket}: {Changed} of {Total} object(s) written")]
    private partial void LogUploaded(string bucket, int changed, int total);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Deploying stack {Stack} with functions from {Key}")]
    private partial void LogDeploying(string stack, string key);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "{Bundle} holds no emr-config.json and none was given (--config): the launcher will not find its configuration")]
    private partial void LogNoConfig(string bundle);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "emr-config.json: {Path} '{Before}' -> '{After}' (the stack's value)")]
    private partial void LogStamped(string path, string? before, string after);
}
