using System.ComponentModel;

namespace CovidSpark.Deploy.Stack;

/// <summary>How to call the AWS CLI.</summary>
/// <param name="Executable">The CLI program (default <c>aws</c> on PATH).</param>
/// <param name="Region">Passed as <c>--region</c> when set.</param>
/// <param name="EndpointUrl">Passed as <c>--endpoint-url</c> when set (moto or another local emulator).</param>
/// <param name="Profile">Passed as <c>--profile</c> when set.</param>
/// <param name="Environment">Extra environment variables for the CLI process (e.g. credentials of a local emulator).</param>
public sealed record AwsCliOptions(string Executable = "aws", string? Region = null, Uri? EndpointUrl = null, string? Profile = null,
    IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>Runs AWS CLI commands with argument arrays and JSON output; a failing command becomes an <see cref="AwsCliException"/>.</summary>
public sealed class AwsCli(IProcessRunner runner, AwsCliOptions options)
{
    private readonly IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>(options.Environment ?? new Dictionary<string, string>())
    {
        ["AWS_PAGER"] = "", // CLI v2 would otherwise pipe output through a pager
    };

    /// <summary>The options in use.</summary>
    public AwsCliOptions Options => options;

    /// <summary>Runs <c>aws &lt;service&gt; &lt;command&gt; &lt;arguments…&gt;</c> and returns its standard output.</summary>
    /// <exception cref="AwsCliException">The CLI is missing or the command exited non-zero.</exception>
    public async Task<string> RunAsync(string service, string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var args = BuildArguments(service, command, arguments);
        var display = $"aws {service} {command}";
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(options.Executable, args, _environment, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new AwsCliException(display, null, e.Message, e);
        }
        if (result.ExitCode != 0) throw new AwsCliException(display, result.ExitCode, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>The full argument array for a command (global options appended).</summary>
    public IReadOnlyList<string> BuildArguments(string service, string command, IReadOnlyList<string> arguments)
    {
        var args = new List<string> { service, command };
        args.AddRange(arguments);
        if (options.Region is { Length: > 0 } region) args.AddRange(["--region", region]);
        if (options.EndpointUrl is { } endpoint) args.AddRange(["--endpoint-url", endpoint.ToString().TrimEnd('/')]);
        if (options.Profile is { Length: > 0 } profile) args.AddRange(["--profile", profile]);
        args.AddRange(["--output", "json"]);
        return args;
    }
}
