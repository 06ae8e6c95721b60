using System.Diagnostics;

namespace CovidSpark.Launcher.Launch;

/// <summary>The points of a launch's submit sequence a crash can fall between, in order.</summary>
public enum SubmitPoint
{
    /// <summary>Every date is claimed (SUBMITTED, with its submit token); nothing is submitted yet.</summary>
    Claimed,
    /// <summary>The cluster is found or created (RunJobFlow answered); no step submitted yet.</summary>
    ClusterReady,
    /// <summary>AddJobFlowSteps answered; no step id is recorded in the ledger yet.</summary>
    StepsSubmitted,
    /// <summary>The step id of the first date is recorded; the other dates' are not.</summary>
    FirstStepRecorded,
}

/// <summary>Fault injection into the submit sequence (tests and fault drills); the launcher calls it at each <see cref="SubmitPoint"/>.</summary>
public interface ISubmitFaults
{
    /// <summary>Called when the launch reaches <paramref name="point"/>.</summary>
    void Reached(SubmitPoint point);
}

/// <summary>
/// The documented fault-injection hook of the <c>covidspark</c> CLI: with <c>COVIDSPARK_FAULT_KILL_AT=&lt;point&gt;</c>
/// (<c>claimed</c>, <c>cluster-ready</c>, <c>steps-submitted</c>, <c>first-step-recorded</c>) the process kills itself
/// (SIGKILL, no clean-up) when the launch reaches that point — a crash drill for exactly-once submission. Never set in production.
/// </summary>
public sealed class KillAtSubmitPoint(SubmitPoint point) : ISubmitFaults
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "COVIDSPARK_FAULT_KILL_AT";

    /// <summary>The hook the variable asks for, or null when it is unset.</summary>
    /// <exception cref="ArgumentException">The value names no submit point.</exception>
    public static KillAtSubmitPoint? FromEnvironment(Func<string, string?> environment)
    {
        if (environment(Variable) is not { Length: > 0 } value) return null;
        foreach (var p in Enum.GetValues<SubmitPoint>())
            if (string.Equals(Name(p), value, StringComparison.OrdinalIgnoreCase)) return new KillAtSubmitPoint(p);
        throw new ArgumentException($"{Variable}={value} names no submit point (use {string.Join(", ", Enum.GetValues<SubmitPoint>().Select(Name))})");
    }

    /// <summary>The kebab-case name of a point (<c>steps-submitted</c>).</summary>
    public static string Name(SubmitPoint point) => point switch
    {
        SubmitPoint.Claimed => "claimed",
        SubmitPoint.ClusterReady => "cluster-ready",
        SubmitPoint.StepsSubmitted => "steps-submitted",
        _ => "first-step-recorded",
    };

    public void Reached(SubmitPoint reached)
    {
        if (reached != point) return;
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }
}
