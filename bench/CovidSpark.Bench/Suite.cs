using System.Globalization;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Bench;

/// <summary>The full benchmark: pipeline vs hand-written baseline on the 40 real days and a synthetic year, and incremental cost.</summary>
internal static class Suite
{
    public static async Task<int> RunAsync(BenchArgs a)
    {
        var tmp = Path.Combine(Path.GetTempPath(), "covidspark-bench");
        var results = new List<Result>();
        string Lake(string name) { var p = Path.Combine(tmp, name); if (Directory.Exists(p)) Directory.Delete(p, true); return p; }
        string[] Common(string input) => ["--input", input, "--lookup", a.Lookup, "--indicators", a.Indicators];

        // Every row is the fastest of --repeat runs, each on an empty lake: the run least disturbed by other work.
        Task<Result> Row(string name, string lake, params string[] args) =>
            Measure.Best(a.Repeat, () => { Lake(lake); return Task.CompletedTask; }, () => Measure.Spawn(name, args));

        Console.Error.WriteLine("40 real days…");
        results.Add(await Row("etl, 40 real days", "p40", ["pipeline", .. Common(a.Input), "--lake", Path.Combine(tmp, "p40"), "--jobs", "etl"]));
        results.Add(await Row("baseline SQL, 40 real days", "b40", ["baseline", .. Common(a.Input), "--lake", Path.Combine(tmp, "b40")]));
        results.Add(await Row("whole pipeline, 40 real days", "w40", ["pipeline", .. Common(a.Input), "--lake", Path.Combine(tmp, "w40")]));

        var year = Synth.Make(a.Input, Path.Combine(tmp, $"synth-{a.Days}"), a.Days);
        Console.Error.WriteLine($"{a.Days} synthetic days…");
        results.Add(await Row($"etl, {a.Days} days", "py", ["pipeline", .. Common(year), "--lake", Path.Combine(tmp, "py"), "--jobs", "etl"]));
        results.Add(await Row($"baseline SQL, {a.Days} days", "by", ["baseline", .. Common(year), "--lake", Path.Combine(tmp, "by")]));
        results.Add(await Row($"whole pipeline, {a.Days} days", "wy", ["pipeline", .. Common(year), "--lake", Path.Combine(tmp, "wy")]));

        Console.Error.WriteLine("incremental…");
        // One new day (the whole pipeline) after a lake of 30 days and after one of 350. Days 31 and 351 are copies of the same
        // source report (the synthetic year cycles 40 files), so the difference is the lake's size alone. Each lake once as
        // one seeding commit per table and once with that log rewritten as one commit per day (DailyLog: what daily runs
        // leave), so the rows show the cost staying flat in the table's size and in the length of its history. Each row is
        // the fastest of --repeat runs, each on a fresh copy of the seeded lake.
        string D(DateOnly d) => IsoDate.Format(d);
        var start = new DateOnly(2021, 1, 1);
        foreach (var days in new[] { 30, 350 }.Where(n => n < a.Days))
        {
            var seed = Lake($"seed-{days}");
            await Measure.Spawn($"seed {days} days", ["pipeline", .. Common(year), "--lake", seed, "--jobs", "etl", "--to", D(start.AddDays(days - 1))]);
            var daily = Lake($"seed-{days}-daily");
            CopyDirectory(seed, daily);
            var commits = await DailyLog.RewriteAsync(daily);
            var day = D(start.AddDays(days));
            foreach (var (from, label) in new[] { (seed, "one commit per table"), (daily, $"{commits} daily commits per table") })
            {
                var run = Lake($"inc-{days}");
                results.Add(await Measure.Best(a.Repeat,
                    () => { if (Directory.Exists(run)) Directory.Delete(run, true); CopyDirectory(from, run); return Task.CompletedTask; },
                    () => Measure.Spawn($"one more day, lake of {days} days ({label})", ["pipeline", .. Common(year), "--lake", run, "--from", day, "--to", day])));
            }
        }

        Console.WriteLine("| benchmark | wall s | cpu s | peak MB | note |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Seconds:F2} | {r.CpuSeconds:F2} | {r.PeakMb:F0} | {r.Note} |"));
        return 0;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
