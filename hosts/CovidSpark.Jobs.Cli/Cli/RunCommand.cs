using System.CommandLine;
using System.Globalization;
using CovidSpark.Aws;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Aws;
using CovidSpark.Jobs.Aws.Catalog;
using CovidSpark.Jobs.Pipeline;
using Microsoft.Extensions.Logging;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Cli;

/// <summary><c>run</c>: the daily pipeline (ETL → statistics → clustering) for a range of report dates.</summary>
internal static class RunCommand
{
    /// <param name="loggerFactory">Created on first use.</param>
    /// <param name="environment">Where AWS settings and credentials not given as options come from (null: the process environment).</param>
    public static Command Create(Func<ILoggerFactory> loggerFactory, Func<string, string?>? environment = null)
    {
        var input = new Option<string>("--input", "-i") { Description = "Folder (or s3://bucket/prefix) of JHU CSSE daily reports (MM-DD-YYYY.csv). Default: the shipped sample.", DefaultValueFactory = _ => SampleData.DailyReports };
        var indicators = new Option<string>("--indicators") { Description = "OWID-format country indicators CSV. Default: the shipped sample.", DefaultValueFactory = _ => SampleData.Indicators };
        var lookup = new Option<string>("--lookup") { Description = "JHU UID_ISO_FIPS_LookUp_Table.csv for ISO3 codes. Default: the shipped sample.", DefaultValueFactory = _ => SampleData.Lookup };
        var lake = new Option<string>("--lake", "-l") { Description = "Lake folder or s3://bucket/prefix (Spark engine): trusted/, refined/, quarantine/, _runs/ and report.html go here.", DefaultValueFactory = _ => "lake" };
        var from = new Option<string?>("--from") { Description = "First report date to process (yyyy-MM-dd). Default: the first date present." };
        var to = new Option<string?>("--to") { Description = "Last report date to process (yyyy-MM-dd). Default: the last date present." };
        var jobs = new Option<string>("--jobs", "-j") { Description = "Comma-separated jobs: etl, stats, cluster.", DefaultValueFactory = _ => "etl,stats,cluster" };
        var k = OptionValues.WholeNumber("--k", "KMeans: number of clusters (at most the number of countries with every feature).", 4);
        var features = new Option<string?>("--features") { Description = "KMeans: comma-separated indicator columns (default human_development_index,gdp_per_capita,population_density)." };
        var seed = OptionValues.WholeNumber("--seed", "KMeans: random seed of the k-means++ initialisation.", 42);
        var engine = new EngineOptions();
        var noReport = new Option<bool>("--no-report") { Description = "Do not render report.html." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress lines; only the summary." };
        var json = new Option<bool>("--json") { Description = "Print the run's manifest (as in _runs/<run-id>.json, plus manifest_path and report_path) as one JSON document instead of the summary." };
        var ledgerTable = new Option<string?>("--ledger-table") { Description = "Report RUNNING / SUCCEEDED / PARTIAL / FAILED and counts to this DynamoDB job ledger (needs --from and --to)." };
        var jobName = new Option<string>("--job-name", "--ledger-job") { Description = "Job name in the ledger (--ledger-job is what the emr-config.json step templates pass).", DefaultValueFactory = _ => "pipeline" };
        var ledgerToken = new Option<string?>("--ledger-token")
        {
            Description = "The EMR step's submit token ({submitToken} in emr-config.json): the run is that step's and moves the ledger attempt its "
                + "launcher claimed. Without it the run is a manual run: it records an attempt of its own and is refused on dates an EMR step or another run holds.",
        };
        var region = new Option<string?>("--region") { Description = "AWS region of the ledger and S3 (default: from the environment)." };
        var catalogDatabase = new Option<string?>("--catalog-database") { Description = "After a completed run, register the lake's Delta tables in this Glue database (docs/catalog.md)." };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "AWS endpoint override for the ledger and S3, e.g. a local moto_server (also AWS_ENDPOINT_URL)." };

        var cmd = new Command("run", """
            Runs the daily COVID-19 pipeline on the embedded engine (or on Spark with --engine spark): ETL (JHU daily reports + OWID indicators → trusted tables),
            statistics (refined tables) and KMeans clustering, then writes <lake>/_runs/<run-id>.json and <lake>/report.html.

            Examples:
              run                                          the shipped sample, every date, into ./lake
              run --input ../shared/data/jhu/daily_reports --lookup ../shared/data/jhu/UID_ISO_FIPS_LookUp_Table.csv \
                  --indicators ../shared/data/owid/owid-covid-latest-2021-10.csv --from 2020-11-01 --to 2020-11-30
              run --jobs stats,cluster --k 5               recompute refined tables from what the lake holds
              run --engine spark --remote sc://emr-primary:15002 --lake s3://my-bucket/lake --input s3://my-bucket/raw/daily_reports
              run --engine spark --dry-run --plan-out plans   print (and save) every Spark Connect plan, send nothing

            """ + JobsCommandLine.ExitCodeTable)
        { input, indicators, lookup, lake, from, to, jobs, k, features, seed, noReport, quiet, json, ledgerTable, jobName, ledgerToken, region, endpoint, catalogDatabase };
        foreach (var o in engine.All) cmd.Options.Add(o);

        cmd.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            DateOnly? Date(Option<string?> o)
            {
                var text = parse.GetValue(o);
                if (text is null) return null;
                if (IsoDate.TryParse(text, out var d)) return d;
                errors.Add($"{o.Name} '{text}' is not a date in yyyy-MM-dd form");
                return null;
            }
            var (f, t) = (Date(from), Date(to));
            if (f is not null && t is not null && f > t) errors.Add($"--from {IsoDate.Format(f.Value)} is after --to {IsoDate.Format(t.Value)}");
            var selected = PipelineJobs.None;
            foreach (var name in parse.GetValue(jobs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(name, out _) && Enum.TryParse<PipelineJobs>(name, ignoreCase: true, out var j) && j is PipelineJobs.Etl or PipelineJobs.Stats or PipelineJobs.Cluster) selected |= j;
                else errors.Add($"--jobs: unknown job '{name}' (use etl, stats, cluster)");
            }
            if (parse.GetValue(k) < 1) errors.Add("--k must be at least 1");
            errors.AddRange(engine.Validate(parse));
            if (Storage.FileStorePaths.IsS3(parse.GetValue(lake)!) && parse.GetValue(engine.Engine) != "spark")
                errors.Add($"--lake {parse.GetValue(lake)}: the embedded engine needs a local lake (DuckDB's S3 support is not available here); use --engine spark for s3:// lakes");
            if (parse.GetValue(ledgerTable) is not null && (f is null || t is null)) errors.Add("--ledger-table needs --from and --to (the dates the ledger records)");
            if (parse.GetValue(ledgerToken) is { } token && !CovidSpark.Ledger.RunTokens.IsValid(token))
                errors.Add($"--ledger-token '{token}' is not a submit token (12 lowercase hex digits, as the launcher substitutes for {{submitToken}})");
            if (parse.GetValue(ledgerToken) is not null && parse.GetValue(ledgerTable) is null) errors.Add("--ledger-token needs --ledger-table");
            // Region, endpoint and credentials of the ledger, S3 and Glue: the one rule of AwsSettingsResolver (option > environment > AWS configuration > default).
            AwsClientOptions? aws = null;
            try
            {
                aws = AwsSettingsResolver.FromOptions(parse.GetValue(region), parse.GetValue(endpoint), environment ?? Environment.GetEnvironmentVariable);
            }
            catch (AwsConfigurationException e)
            {
                errors.Add(e.Message);
            }
            if (errors.Count == 0 && OptionValues.LakeProblem(parse.GetValue(lake)!) is { } lakeProblem) errors.Add(lakeProblem);
            if (errors.Count > 0)
            {
                foreach (var e in errors) Console.Error.WriteLine("error: " + e);
                return ExitCodes.Failure;
            }
            var options = new PipelineOptions(parse.GetValue(input)!, parse.GetValue(indicators)!, parse.GetValue(lookup)!, parse.GetValue(lake)!, f, t, selected,
                new KMeansOptions(parse.GetValue(k), parse.GetValue(features)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(seed)),
                WriteReport: !parse.GetValue(noReport), DryRun: engine.IsDryRun(parse));
            var lf = loggerFactory();
            await using var spark = engine.CreateSession(parse, lf, parse.GetValue(json) ? Console.Error : Console.Out);
            var progress = parse.GetValue(quiet) ? null : new ConsoleProgress(Console.Error);
            await using var ledger = parse.GetValue(ledgerTable) is { } table
                ? CovidSpark.Ledger.JobLedgerFactory.Open(table, aws!, TimeProvider.System, lf)
                : null;
            var reporter = ledger is null ? null : new LedgerReporter(ledger.Ledger, parse.GetValue(jobName)!, TimeProvider.System, parse.GetValue(ledgerToken));
            // One window: the ledger's RUNNING rows, the run and its manifest (which the finished rows are written from) all take it.
            if (reporter is not null) await reporter.StartedAsync(options.Window.Bounds!.Value, ct);
            using var stores = new FileStoreFactory(aws!);
            PipelineOutcome outcome;
            await using (reporter?.Heartbeat(options.Window.Bounds!.Value))
                outcome = await new PipelineRunner(spark, TimeProvider.System, lf, stores.For).RunAsync(options, progress, ct);
            if (reporter is not null) await reporter.FinishedAsync(outcome.Manifest, CancellationToken.None);
            if (parse.GetValue(json)) RunSummary.PrintJson(outcome, Console.Out, Console.Error);
            else RunSummary.Print(outcome, Console.Out, Console.Error);
            if (parse.GetValue(catalogDatabase) is { } db && !options.DryRun && outcome.Manifest.ExitCode is ExitCodes.Success or ExitCodes.CompletedWithQuarantine)
                await new RunCatalogPublisher(db, aws!, lf, TimeProvider.System)
                    .PublishAsync(options.LakeDirectory, parse.GetValue(json) ? Console.Error : Console.Out, Console.Error, ct);
            return outcome.Manifest.ExitCode;
        });
        return cmd;
    }
}
