using System.Globalization;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>
/// What every commit a job makes records about its run: the run id, the job and the report dates, as writer options the
/// table format keeps in the commit (<c>commitInfo.tags</c> on the embedded engine, <c>commitInfo.userMetadata</c> on both),
/// and Delta's idempotent-write pair <c>txnAppId</c>/<c>txnVersion</c>: the application id is the job of this run and the
/// version counts the job's writes in order, so a step retried within the run (the same writes again) skips every table
/// write it already committed instead of applying it twice. The id names the run, so runs of the same job on other dates
/// never see each other's transactions (they would conflict, or skip each other's writes).
/// </summary>
public sealed class LakeCommit
{
    private long _writes;

    public LakeCommit(string runId, string job, IReadOnlyCollection<DateOnly> reportDates)
    {
        RunId = runId;
        Job = job;
        ReportDates = reportDates.Count == 0 ? "" : reportDates.Min() == reportDates.Max()
            ? Text(reportDates.Min())
            : $"{Text(reportDates.Min())}..{Text(reportDates.Max())}";
    }

    public string RunId { get; }
    public string Job { get; }
    /// <summary>The run's report dates: <c>2020-11-30</c> or <c>2020-11-01..2020-11-30</c> (empty when none).</summary>
    public string ReportDates { get; }
    /// <summary>Delta's <c>txnAppId</c> of this job's writes: <c>covidspark-&lt;job&gt;-&lt;run id&gt;</c>.</summary>
    public string AppId => $"covidspark-{Job}-{RunId}";

    /// <summary>Adds the commit's tags and the next transaction version of this job to a writer.</summary>
    public DataFrameWriter Tag(DataFrameWriter writer)
    {
        var version = Interlocked.Increment(ref _writes);
        return writer
            .Option(DeltaWriterOptions.CommitTagPrefix + "runId", RunId)
            .Option(DeltaWriterOptions.CommitTagPrefix + "job", Job)
            .Option(DeltaWriterOptions.CommitTagPrefix + "reportDates", ReportDates)
            .Option(DeltaWriterOptions.UserMetadata, $"{{\"runId\":\"{RunId}\",\"job\":\"{Job}\",\"reportDates\":\"{ReportDates}\"}}")
            .Option(DeltaWriterOptions.TxnAppId, AppId)
            .Option(DeltaWriterOptions.TxnVersion, version.ToString(CultureInfo.InvariantCulture));
    }

    private static string Text(DateOnly d) => IsoDate.Format(d);
}
