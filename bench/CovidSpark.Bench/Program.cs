using System.Diagnostics;
using System.Globalization;
using CovidSpark.Bench;

// Benchmarks of the embedded pipeline (see README "Performance"). Each measurement runs in its own process so peak memory is its own.
//   dotnet run -c Release --project bench/CovidSpark.Bench -- all [--input DIR] [--days N]
//   modes: pipeline | baseline | synth | incremental | all
if (args.Any(x => x is "--help" or "-h" or "help")) return Usage(0);
var a = new BenchArgs(args);
return a.Mode switch
{
    "pipeline" => await Measure.Child(() => Runs.PipelineAsync(a)),
    "baseline" => await Measure.Child(() => Runs.BaselineAsync(a)),
    "synth" => Synth.Run(a),
    "parse" => ParseProfile.Run(a),
    "all" => await Suite.RunAsync(a),
    _ => Usage(1),
};

static int Usage(int exitCode)
{
    Console.Error.WriteLine("""
        usage: CovidSpark.Bench [all|pipeline|baseline|synth|parse] [options]

          all       the README's table: pipeline against the hand-written DuckDB script on the 40 real days and on a
                    synthetic year, then one more day after lakes of 30 and 350 days (default mode)
          pipeline  one measured run of the embedded pipeline (--input, --lake, --jobs, --from, --to)
          baseline  one measured run of the hand-written ETL script (bench/CovidSpark.Bench/BaselineEtl.sql)
          synth     write the synthetic year (--days N) and print its folder
          parse     profile CSV parsing alone

        options:
          --input DIR        daily report CSVs (default: ../shared/data/jhu/daily_reports)
          --lookup FILE      JHU UID/ISO lookup   --indicators FILE  OWID snapshot
          --lake DIR         lake folder of a single run (default: a temp folder)
          --days N           length of the synthetic year (default 365)
          --repeat N         runs per row in `all`; the fastest counts (default 3)
          --jobs LIST        etl,stats,cluster (default: all three)
          --from D --to D    report dates of a single run (yyyy-MM-dd)
        Each measurement runs in its own process; a row prints wall seconds, CPU seconds (user + system) and peak MB.
        """);
    return exitCode;
}
