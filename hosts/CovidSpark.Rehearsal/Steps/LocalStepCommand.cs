using System.Globalization;

namespace CovidSpark.Rehearsal.Steps;

/// <summary>A step's command as the local step runner executes it: a program and an argument array (never a shell string).</summary>
/// <param name="FileName">The program (<c>dotnet</c>).</param>
/// <param name="Arguments">Its arguments, one per element, passed verbatim.</param>
/// <param name="Substitutions">What was changed from the EMR step and why, one line each.</param>
public sealed record LocalStepCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyList<string> Substitutions)
{
    /// <summary>The command for display (quoted where needed); never executed as a string.</summary>
    public string Display => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a));
}

/// <summary>
/// Turns an EMR step's argument array into the same run on this machine: the bundle path becomes <c>dotnet covidspark-jobs.dll</c>,
/// the engine becomes the embedded one (<c>--engine duckdb</c>, no <c>--remote</c>), an <c>s3://</c> lake becomes a local folder
/// (DuckDB has no S3 access here), and the job gets the local cloud's <c>--endpoint-url</c> and <c>--region</c>. Inputs on
/// <c>s3://</c> stay there and are read from moto; the ledger options stay as submitted.
/// </summary>
public static class StepCommandLocalizer
{
    /// <summary>The entry point the bundle installs on EMR nodes (<c>/opt/covidspark/covidspark-jobs</c>).</summary>
    public const string JobsEntryPoint = "covidspark-jobs";

    /// <summary>Localizes <paramref name="stepArgs"/>.</summary>
    /// <exception cref="RehearsalException">The step does not run the covidspark-jobs bundle.</exception>
    public static LocalStepCommand Localize(IReadOnlyList<string> stepArgs, string jobsDll, string localLake, Uri endpoint, string region)
    {
        ArgumentNullException.ThrowIfNull(stepArgs);
        if (stepArgs.Count == 0 || !string.Equals(Path.GetFileName(stepArgs[0]), JobsEntryPoint, StringComparison.Ordinal))
            throw new RehearsalException("step", $"the step runs '{(stepArgs.Count == 0 ? "" : stepArgs[0])}'; the local step runner only runs the {JobsEntryPoint} bundle");
        var args = new List<string> { jobsDll };
        var notes = new List<string> { $"{stepArgs[0]} -> dotnet {Path.GetFileName(jobsDll)}" };
        bool hasEndpoint = false, hasRegion = false;
        for (var i = 1; i < stepArgs.Count; i++)
        {
            var a = stepArgs[i];
            var value = i + 1 < stepArgs.Count ? stepArgs[i + 1] : null;
            switch (a)
            {
                case "--engine" or "-e" when value is not null:
                    if (value != "duckdb") notes.Add($"--engine {value} -> duckdb (embedded engine)");
                    args.Add(a);
                    args.Add("duckdb");
                    i++;
                    break;
                case "--remote" when value is not null:
                    notes.Add($"--remote {value} dropped (no Spark Connect server here)");
                    i++;
                    break;
                case "--lake" or "-l" when value is not null && value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase):
                    notes.Add($"--lake {value} -> {localLake} (the embedded engine writes a local lake)");
                    args.Add(a);
                    args.Add(localLake);
                    i++;
                    break;
                default:
                    hasEndpoint |= a == "--endpoint-url";
                    hasRegion |= a == "--region";
                    args.Add(a);
                    break;
            }
        }
        if (!hasEndpoint)
        {
            args.AddRange(["--endpoint-url", endpoint.ToString().TrimEnd('/')]);
            notes.Add($"--endpoint-url {endpoint.ToString().TrimEnd('/')} added (ledger and s3:// inputs on moto)");
        }
        if (!hasRegion) args.AddRange(["--region", region]);
        return new LocalStepCommand("dotnet", args, notes);
    }

    /// <summary>EMR's step state for a job's exit code: command-runner marks any non-zero exit FAILED (the job's own report keeps PARTIAL).</summary>
    public static string StepStateFor(int exitCode) => exitCode == 0 ? "COMPLETED" : "FAILED";

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
