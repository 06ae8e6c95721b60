namespace CovidSpark.Aws;

/// <summary>The client cannot be set up: no region, an invalid endpoint URL, an unknown profile or no credentials anywhere in the chain.</summary>
public sealed class AwsConfigurationException : CovidSparkOperationsException
{
    /// <summary>A setting from the environment or the AWS configuration is missing or unusable; the message reads <c>{setting}: {message}</c>.</summary>
    public AwsConfigurationException(string setting, string message, Exception? inner = null)
        : base($"{setting}: {message}", inner) => Setting = setting;

    private AwsConfigurationException(string option, string problem, bool usage)
        : base($"{option} {problem}") => (Setting, _usage) = (option, usage);

    private readonly bool _usage;

    /// <summary>The setting at fault, e.g. <c>region</c>, <c>AWS_ENDPOINT_URL</c> or <c>--endpoint-url</c>.</summary>
    public string Setting { get; }

    /// <summary>True when a command-line option holds the unusable value (<see cref="ForOption"/>).</summary>
    public override bool IsUsageError => _usage;

    /// <summary>A command-line option's value is unusable; the message reads <c>{option} {problem}</c>, e.g. <c>--endpoint-url 'x' is not …</c>.</summary>
    public static AwsConfigurationException ForOption(string option, string problem) => new(option, problem, usage: true);
}
