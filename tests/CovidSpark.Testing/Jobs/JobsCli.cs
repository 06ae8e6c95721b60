using CovidSpark.Jobs.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Testing.Jobs;

/// <summary>What one in-process invocation of the command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}

/// <summary>
/// Invokes the jobs' command line in-process (<c>JobsCommandLine</c>, as Program.cs does) and captures the console.
/// The console is process-wide, so invocations are serialised.
/// </summary>
public static class JobsCli
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs the command line with <paramref name="environment"/> as its environment (AWS settings and credentials).</summary>
    public static async Task<CliResult> RunAsync(Func<string, string?>? environment, params string[] args)
    {
        await Gate.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var exit = await JobsCommandLine.InvokeAsync(args, () => NullLoggerFactory.Instance, stdout, stderr, environment);
            return new CliResult(exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Gate.Release();
        }
    }
}
