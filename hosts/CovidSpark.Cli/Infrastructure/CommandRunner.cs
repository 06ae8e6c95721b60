using System.CommandLine;
using Amazon.Runtime;
using CovidSpark.Aws;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using Spectre.Console;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>Runs a command body in a session and maps failures to messages and documented exit codes (never a stack trace for expected errors).</summary>
public static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/>; returns its exit code or the code of the failure.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CliServices cli, bool needsConfig, Func<CliSession, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            using var session = await CliSession.OpenAsync(parse, cli, needsConfig, ct).ConfigureAwait(false);
            return await body(session, ct).ConfigureAwait(false);
        }
        catch (EmrConfigException e)
        {
            await cli.Error.WriteLineAsync($"error: {e.File} has {e.Problems.Count} problem(s):").ConfigureAwait(false);
            foreach (var p in e.Problems) await cli.Error.WriteLineAsync($"  {p.Path}: {p.Reason}").ConfigureAwait(false);
            return CliExitCodes.Config;
        }
        catch (Exception e) when (e is CovidSparkOperationsException { IsUsageError: true } or FormatException or ArgumentException)
        {
            await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        catch (Exception e) when (e is CovidSparkOperationsException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.AwsError;
        }
    }

    /// <summary>Escapes text for Spectre markup.</summary>
    public static string Safe(string? text) => Markup.Escape(text ?? "");
}
