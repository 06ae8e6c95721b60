using System.Diagnostics;
using CovidSpark.Delta.Log;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>
/// A real <c>covidspark-jobs run</c> process killed (SIGKILL) at many points, or interrupted (SIGINT), on a lake that
/// already holds some dates: every table must be at a committed version whose files are all there, and a rerun must
/// give the bytes a clean run gives.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly string[] Tables =
        ["trusted/countries", "trusted/daily_region", "trusted/daily_country", "refined/continent_stats", "refined/top_countries",
         "refined/country_trends", "refined/clusters", "refined/cluster_summary", "quarantine/daily_reports"];

    private static string[] RunArgs(string lake) =>
        ["run", "--input", TestData.SampleReports, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators,
         "--lake", lake, "--from", "2020-11-03", "--to", "2020-11-10", "--no-report", "--threads", "1"];

    /// <summary>The lake before the interrupted run: 11-01..11-05 loaded (11-03..11-05 are replaced by the run).</summary>
    private async Task<string> BaseLakeAsync(string name)
    {
        var lake = _dir.Combine(name);
        var outcome = await Lake.RunAsync(Lake.Options(TestData.SampleReports, lake, "2020-11-01", "2020-11-05"));
        Assert.True(outcome.Manifest.ExitCode is ExitCodes.Success or ExitCodes.CompletedWithQuarantine, outcome.Manifest.Error);
        return lake;
    }

    private static Process Start(string lake)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "covidspark-jobs.dll"));
        foreach (var a in RunArgs(lake)) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Every table's log replays, every live file is on disk with the size its add action records, and DuckDB reads the rows the log counts.</summary>
    private static async Task<Dictionary<string, long>> AssertConsistentAsync(string lake)
    {
        var versions = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            var root = Path.Combine(lake, table);
            var snapshot = await DeltaLog.ForPath(root).TryGetSnapshotAsync();
            if (snapshot is null) continue;
            versions[table] = snapshot.Version;
            foreach (var f in snapshot.Files)
            {
                var file = new FileInfo(Path.Combine(root, Snapshot.RelativePath(f)));
                Assert.True(file.Exists, $"{table} v{snapshot.Version}: {f.Path} is missing");
                Assert.Equal(f.Size, file.Length);
            }
            var rows = await Lake.ReadAsync(lake, table);
            Assert.Equal(snapshot.NumRecords, rows.Count);
        }
        return versions;
    }

    [Fact]
    public async Task Killed_at_many_points_every_table_stays_at_a_committed_version_and_a_rerun_gives_a_clean_runs_bytes()
    {
        var clean = await BaseLakeAsync("clean");
        var first = await JobsCli.RunAsync(RunArgs(clean));
        Assert.True(first.ExitCode is ExitCodes.Success or ExitCodes.CompletedWithQuarantine, first.ToString());
        var expected = Lake.Hashes(clean);

        // kill after the 1st, 3rd, 5th ... progress line the run prints (each names the table it is writing)
        // (line 9 is "writing quarantine/daily_reports": the 8 files are parsed, the quarantine commit is under way)
        foreach (var killAfterLine in new[] { 1, 3, 5, 9, 12 })
        {
            var lake = await BaseLakeAsync($"killed-{killAfterLine}");
            var before = await AssertConsistentAsync(lake);
            using (var p = Start(lake))
            {
                _ = p.StandardOutput.ReadToEndAsync();
                var lines = 0;
                while (lines < killAfterLine && await p.StandardError.ReadLineAsync() is not null) lines++;
                if (!p.HasExited) p.Kill();
                await p.WaitForExitAsync();
            }
            var after = await AssertConsistentAsync(lake);
            Assert.All(before, kv => Assert.True(after[kv.Key] >= kv.Value, $"{kv.Key} went back from v{kv.Value} to v{after[kv.Key]}"));

            var rerun = await JobsCli.RunAsync(RunArgs(lake));
            Assert.True(rerun.ExitCode is ExitCodes.Success or ExitCodes.CompletedWithQuarantine, rerun.ToString());
            var got = Lake.Hashes(lake);
            foreach (var table in Tables)
                Assert.Equal(expected.Where(kv => kv.Key.StartsWith(table + "/", StringComparison.Ordinal)),
                    got.Where(kv => kv.Key.StartsWith(table + "/", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Sigint_stops_at_a_safe_point_with_exit_130_and_a_cancelled_manifest()
    {
        var lake = await BaseLakeAsync("interrupted");
        var before = await AssertConsistentAsync(lake);
        using var p = Start(lake);
        var stdout = p.StandardOutput.ReadToEndAsync();
        // interrupt while the ETL writes the trusted tables
        while (await p.StandardError.ReadLineAsync() is { } line && !line.Contains("writing trusted/daily_region", StringComparison.Ordinal)) { }
        // the signal straight from this process: starting a `kill` process took long enough on a loaded machine for the run to finish first
        Assert.Equal(0, Kill(p.Id, SigInt));
        _ = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();

        Assert.Equal(ExitCodes.Cancelled, p.ExitCode);
        Assert.Contains("CANCELLED", await stdout);
        var manifest = await ManifestReader.LatestAsync(lake);
        Assert.Equal("CANCELLED", manifest.Root.GetProperty("status").GetString());
        Assert.Contains("interrupted", manifest.Root.GetProperty("error").GetString());
        var after = await AssertConsistentAsync(lake);
        Assert.All(before, kv => Assert.True(after[kv.Key] >= kv.Value));
        // the dates the lake held before are all still there (the run's own dates only if the table's commit landed before the stop)
        var dates = (await Lake.ReadAsync(lake, "trusted/daily_country", df => df.Select("report_date").Distinct())).Select(r => r.GetAs<DateOnly>("report_date")).ToList();
        Assert.Subset(dates.ToHashSet(), Enumerable.Range(1, 5).Select(d => new DateOnly(2020, 11, d)).ToHashSet());
        Assert.True(dates.Count is 5 or 10, string.Join(", ", dates.Order()));
    }

    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
