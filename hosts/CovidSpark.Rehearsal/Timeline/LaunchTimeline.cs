using CovidSpark.Launcher.Launch;
using CovidSpark.Ledger;

namespace CovidSpark.Rehearsal.Timeline;

/// <summary>Puts what a launch did on the timeline: claims, submitted steps, refused and deferred dates, failed submissions.</summary>
public static class LaunchTimeline
{
    /// <summary>Adds the launch's events; returns how many (job, date) pairs it refused as already active or done.</summary>
    public static int Record(RehearsalTimeline timeline, LaunchReport report, string trigger)
    {
        foreach (var step in report.Steps)
            foreach (var (date, attempt) in step.Attempts.OrderBy(a => a.Key))
                timeline.Add(Actors.Launcher, EventKinds.Claim, $"{trigger}: claimed {step.Job} {LedgerFormats.FormatDate(date)} (attempt {attempt}) in the ledger: SUBMITTED",
                    step.Job, date, JobState.Submitted.ToWire());
        foreach (var step in report.Steps)
            timeline.Add(Actors.Launcher, EventKinds.StepSubmitted,
                $"{trigger}: step {step.StepId} submitted to {report.ClusterId} ({ClusterText(report.Cluster)}): {step.Job} {step.Range}",
                step.Job, step.Range.From);
        var refused = 0;
        foreach (var s in report.Skipped.OrderBy(s => s.Date))
        {
            timeline.Add(Actors.Launcher, EventKinds.Refused, $"{trigger}: refused {s.Job} {LedgerFormats.FormatDate(s.Date)} as a duplicate: {s.Reason}", s.Job, s.Date, s.State?.ToWire());
            if (s.State is { } st && (st.IsActive() || st is JobState.Succeeded or JobState.Partial)) refused++;
        }
        foreach (var d in report.Deferred)
            timeline.Add(Actors.Launcher, EventKinds.Refused, $"{trigger}: deferred {d.Job} {d.Range}: {d.Reason}", d.Job, d.Range.From);
        foreach (var f in report.Failures)
            timeline.Add(Actors.Launcher, EventKinds.Refused, $"{trigger}: submission failed for {f.Job} {f.Range}: {f.Error}", f.Job, f.Range.From, JobState.Failed.ToWire());
        return refused;
    }

    private static string ClusterText(ClusterAction action) => action switch
    {
        ClusterAction.Created => "cluster created",
        ClusterAction.Reused => "cluster reused",
        _ => action.ToString().ToLowerInvariant(),
    };
}
