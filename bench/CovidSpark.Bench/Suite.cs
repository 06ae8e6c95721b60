using System.Globalization;

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

        Console.Error.WriteLine("40 real days…");
        results.Add(await Measure.Spawn("etl, 40 real days", ["pipeline", .. Common(a.Input), "--lake", Lake("p40"), "--jobs", "etl"]));
        results.Add(await Measure.Spawn("baseline SQL, 40 real days", ["baseline", .. Common(a.Input), "--lake", Lake("b40")]));
        results.Add(await Measure.Spawn("whole pipeline, 40 real days", ["pipeline", .. Common(a.Input), "--lake", Lake("w40")]));

        var year = Synth.Make(a.Input, Path.Combine(tmp, $"synth-{a.Days}"), a.Days);
        Console.Error.WriteLine($"{a.Days} synthetic days…");
        results.Add(await Measure.Spawn($"etl, {a.Days} days", ["pipeline", .. Common(year), "--lake", Lake("py"), "--jobs", "etl"]));
        results.Add(await Measure.Spawn($"baseline SQL, {a.Days} days", ["baseline", .. Common(year), "--lake", Lake("by")]));
        results.Add(await Measure.Spawn($"whole pipeline, {a.Days} days", ["pipeline", .. Common(year), "--lake", Lake("wy")]));

        Console.Error.WriteLine("incremental…");
        var last = new DateOnly(2021, 1, 1).AddDays(a.Days - 1);
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var small = Lake("inc-small");
        await Measure.Spawn("seed 30 days", ["pipeline", .. Common(year), "--lake", small, "--jobs", "etl", "--to", D(new DateOnly(2021, 1, 30))]);
        results.Add(await Measure.Spawn("one more day, lake of 30 days", ["pipeline", .. Common(year), "--lake", small, "--from", D(new DateOnly(2021, 1, 31)), "--to", D(new DateOnly(2021, 1, 31))]));
        var big = Path.Combine(tmp, "wy");
        results.Add(await Measure.Spawn($"one more day, lake of {a.Days} days", ["pipeline", .. Common(year), "--lake", big, "--from", D(last), "--to", D(last)]));

        Console.WriteLine("| benchmark | wall s | peak MB | note |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var r in results) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Seconds:F2} | {r.PeakMb:F0} | {r.Note} |"));
        return 0;
    }
}
