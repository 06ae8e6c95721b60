using CovidSpark.Jobs.Cluster;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>The jobs a run can execute, in dependency order.</summary>
[Flags]
public enum PipelineJobs { None = 0, Etl = 1, Stats = 2, Cluster = 4, All = Etl | Stats | Cluster }

/// <summary>Everything a pipeline run needs; parsed from the command line.</summary>
public sealed record PipelineOptions(
    string InputDirectory,
    string IndicatorsPath,
    string LookupPath,
    string LakeDirectory,
    DateOnly? From,
    DateOnly? To,
    PipelineJobs Jobs,
    KMeansOptions KMeans,
    bool WriteReport = true,
    bool DryRun = false)
{
    /// <summary>The report dates asked for (<see cref="From"/>, <see cref="To"/>): the one value the run, its manifest and its ledger rows take their dates from.</summary>
    public RunWindow Window => new(From, To);
}

/// <summary>Exit codes of <c>run</c> (the table the help shows: <c>Cli.JobsCommandLine.ExitCodeTable</c>).</summary>
public static class ExitCodes
{
    /// <summary>Every job succeeded and no input was quarantined.</summary>
    public const int Success = 0;
    /// <summary>A job or the input failed; nothing after the failing job ran.</summary>
    public const int Failure = 1;
    /// <summary>Every job completed, but some input rows or files were quarantined (see &lt;lake&gt;/quarantine/).</summary>
    public const int CompletedWithQuarantine = 2;
    /// <summary>
    /// Interrupted (Ctrl-C, SIGTERM) and stopped at the next safe point: each table is at the version before or after
    /// one whole write, never in between; the manifest (status CANCELLED) names the jobs that completed. 128 + SIGINT, as shells use.
    /// </summary>
    public const int Cancelled = 130;
}
