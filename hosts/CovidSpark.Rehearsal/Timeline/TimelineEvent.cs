namespace CovidSpark.Rehearsal.Timeline;

/// <summary>Who did something in the rehearsal.</summary>
public static class Actors
{
    public const string Rehearsal = "rehearsal", Launcher = "launcher", Emr = "emr", Tracker = "tracker", Job = "job", Notifier = "notifier", Webhook = "webhook";
}

/// <summary>What happened, for tests and <c>--json</c> (stable names).</summary>
public static class EventKinds
{
    public const string Setup = "setup", Claim = "claim", StepSubmitted = "step-submitted", Refused = "refused", StepRunning = "step-running",
        StepEnded = "step-ended", Tracked = "tracked", JobStarted = "job-started", JobReported = "job-reported", Drain = "drain", Posted = "posted";
}

/// <summary>One line of the timeline.</summary>
/// <param name="Sequence">Order of observation (ties of <paramref name="Time"/> keep this order).</param>
/// <param name="Time">When it was observed (UTC).</param>
/// <param name="Actor">Who acted (<see cref="Actors"/>).</param>
/// <param name="Kind">What happened (<see cref="EventKinds"/>).</param>
/// <param name="Text">The line people read.</param>
/// <param name="Job">Job name when the event is about one job.</param>
/// <param name="Date">Data date when the event is about one date.</param>
/// <param name="State">Ledger or step state involved, if any.</param>
public sealed record TimelineEvent(int Sequence, DateTimeOffset Time, string Actor, string Kind, string Text, string? Job = null, DateOnly? Date = null, string? State = null);
