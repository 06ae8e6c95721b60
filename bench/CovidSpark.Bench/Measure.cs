using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CovidSpark.Bench;

/// <summary>
/// One measured run: wall time, the CPU time the process used (user + system; steadier than wall time when other work
/// shares the machine) and its peak resident memory.
/// </summary>
internal sealed record Result(string Name, double Seconds, double CpuSeconds, double PeakMb, string Note = "");

internal static partial class Measure
{
    /// <summary>In the child: run the work and print "RESULT seconds peakMb" for the parent.</summary>
    public static async Task<int> Child(Func<Task<string>> work)
    {
        var sw = Stopwatch.StartNew();
        var note = await work();
        sw.Stop();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {sw.Elapsed.TotalSeconds:F3} {p.TotalProcessorTime.TotalSeconds:F3} {p.PeakWorkingSet64 / 1048576.0:F0} {note}"));
        return 0;
    }

    /// <summary>In the parent: run this benchmark program in a fresh process with the given arguments.</summary>
    public static async Task<Result> Spawn(string name, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        var self = typeof(Measure).Assembly.Location;
        // Started as `dotnet CovidSpark.Bench.dll`, the child needs the dll; started through the app host, it must not get it.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(self);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        var m = ResultLine().Match(stdout);
        if (p.ExitCode != 0 || !m.Success)
            throw new InvalidOperationException($"benchmark '{name}' failed (exit {p.ExitCode}): {await stderr}\n{stdout}");
        double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return new Result(name, D(1), D(2), D(3), m.Groups[4].Value.Trim());
    }

    /// <summary>The fastest of <paramref name="times"/> runs (each prepared by <paramref name="prepare"/>): the least disturbed by other load.</summary>
    public static async Task<Result> Best(int times, Func<Task> prepare, Func<Task<Result>> run)
    {
        Result? best = null;
        for (var i = 0; i < times; i++)
        {
            await prepare();
            var r = await run();
            if (best is null || r.Seconds < best.Seconds) best = r;
        }
        return best!;
    }

    [GeneratedRegex(@"RESULT (\S+) (\S+) (\S+)(.*)")]
    private static partial Regex ResultLine();
}
