using CovidSpark.Aws;
namespace CovidSpark.Deploy;

/// <summary>Base of every failure of packaging checks, uploads and stack deployment; the message says what to fix.</summary>
public abstract class DeployException : CovidSparkOperationsException
{
    protected DeployException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An artifacts folder that cannot be deployed: a bundle missing, a checksum that does not match, a manifest unreadable.</summary>
public sealed class ArtifactException : DeployException
{
    public ArtifactException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <inheritdoc/>
    public override bool IsUsageError => true;
}

/// <summary>An S3 upload or copy failed.</summary>
public sealed class UploadException : DeployException
{
    public UploadException(string bucket, string key, string problem, Exception? inner = null)
        : base($"s3://{bucket}/{key}: {problem}", inner)
    {
        Bucket = bucket;
        Key = key;
    }

    /// <summary>Target bucket.</summary>
    public string Bucket { get; }

    /// <summary>Target key.</summary>
    public string Key { get; }
}

/// <summary>An AWS CLI command failed (non-zero exit) or could not be started.</summary>
public sealed class AwsCliException : DeployException
{
    public AwsCliException(string command, int? exitCode, string error, Exception? inner = null)
        : base(exitCode is null
            ? $"'{command}' could not be started: {error}. Is the AWS CLI installed and on PATH?"
            : $"'{command}' failed with exit code {exitCode}: {(string.IsNullOrWhiteSpace(error) ? "(it printed no error)" : error.Trim())}", inner)
    {
        Command = command;
        ExitCode = exitCode;
        Error = error;
    }

    /// <summary>The command and sub-command (e.g. <c>aws cloudformation deploy</c>), without argument values.</summary>
    public string Command { get; }

    /// <summary>Exit code, or null when the process did not start.</summary>
    public int? ExitCode { get; }

    /// <summary>What the CLI wrote to standard error.</summary>
    public string Error { get; }
}
