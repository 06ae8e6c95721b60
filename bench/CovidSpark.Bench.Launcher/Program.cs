using CovidSpark.Bench.Launcher;
using CovidSpark.Rehearsal.Hosting;

// Launcher benchmarks: a year's backfill against moto_server (API calls, wall time) and the Lambda host's cold/warm start.
// Usage: dotnet run -c Release --project bench/CovidSpark.Bench.Launcher [-- <path of a built bootstrap executable>...]
var root = FindRoot();
var configJson = File.ReadAllText(Path.Combine(root, "emr-config.json"));
var output = Console.Out;

await using (var moto = await MotoProcess.StartAsync(CancellationToken.None))
{
    await BackfillBench.RunAsync(moto.Endpoint, configJson, output);
}

var bootstraps = args.Length > 0 ? args : [.. new[] { "Release", "Debug" }
    .Select(c => Path.Combine(root, "hosts/CovidSpark.Functions/bin", c, "net10.0/linux-x64/bootstrap")).Where(File.Exists).Take(1)];
if (bootstraps.Length == 0)
{
    output.WriteLine("(no bootstrap found: dotnet build -c Release hosts/CovidSpark.Functions, or pass its path)");
    return 0;
}
output.WriteLine();
output.WriteLine("| Lambda host | cold: process start → first response | warm: next → response (median) |");
output.WriteLine("|---|---|---|");
foreach (var bootstrap in bootstraps)
    await ColdStartBench.RunAsync(bootstrap, Path.Combine(root, "emr-config.json"), output);
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "CovidSpark.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("CovidSpark.sln not found");
}
