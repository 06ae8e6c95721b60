using System.Diagnostics;
using System.Globalization;
using CovidSpark.Bench;

// Benchmarks of the embedded pipeline (see README "Performance"). Each measurement runs in its own process so peak memory is its own.
//   dotnet run -c Release --project bench/CovidSpark.Bench -- all [--input DIR] [--days N]
//   modes: pipeline | baseline | synth | incremental | all
var a = new BenchArgs(args);
return a.Mode switch
{
    "pipeline" => await Measure.Child(() => Runs.PipelineAsync(a)),
    "baseline" => await Measure.Child(() => Runs.BaselineAsync(a)),
    "synth" => Synth.Run(a),
    "parse" => ParseProfile.Run(a),
    "all" => await Suite.RunAsync(a),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CovidSpark.Bench all|pipeline|baseline|synth [--input DIR] [--lookup FILE] [--indicators FILE] [--lake DIR] [--days N] [--jobs etl,stats,cluster] [--from D] [--to D]");
    return 1;
}
