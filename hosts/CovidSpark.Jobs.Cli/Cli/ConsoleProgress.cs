using System.Diagnostics;

namespace CovidSpark.Jobs.Cli;

/// <summary>Progress lines with the elapsed time, on standard error so standard output stays the summary.</summary>
internal sealed class ConsoleProgress(TextWriter output) : IProgress<string>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Report(string value) => output.WriteLine($"[{_clock.Elapsed:mm\\:ss\\.f}] {value}");
}
