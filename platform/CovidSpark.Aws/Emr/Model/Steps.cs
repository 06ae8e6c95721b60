namespace CovidSpark.Aws.Emr.Model;

/// <summary>EMR step states (<c>StepState</c>).</summary>
public static class StepStates
{
    public const string Pending = "PENDING", CancelPending = "CANCEL_PENDING", Running = "RUNNING", Completed = "COMPLETED",
        Cancelled = "CANCELLED", Failed = "FAILED", Interrupted = "INTERRUPTED";

    /// <summary>States that count against EMR's limit of 256 active steps per cluster.</summary>
    public static IReadOnlyList<string> Active { get; } = [Pending, Running];

    /// <summary>True for PENDING, CANCEL_PENDING and RUNNING.</summary>
    public static bool IsActive(string state) => state is Pending or Running or CancelPending;
}

/// <summary>A JAR and its argument list. Arguments are an array that EMR passes verbatim: never a shell string.</summary>
public sealed record HadoopJarStepConfig(string Jar, IReadOnlyList<string>? Args = null, string? MainClass = null);

/// <summary>A step to submit.</summary>
public sealed record StepConfig(string Name, HadoopJarStepConfig HadoopJarStep, string ActionOnFailure = "CONTINUE");

/// <summary><c>AddJobFlowSteps</c> request.</summary>
public sealed record AddJobFlowStepsRequest(string JobFlowId, IReadOnlyList<StepConfig> Steps);

/// <summary><c>AddJobFlowSteps</c> answer: one id per submitted step, in order.</summary>
public sealed record AddJobFlowStepsResponse(IReadOnlyList<string> StepIds);

/// <summary>What a step ran, as EMR reports it.</summary>
public sealed record HadoopStepConfig(string? Jar = null, IReadOnlyList<string>? Args = null, string? MainClass = null);

/// <summary>Details of a step failure.</summary>
public sealed record FailureDetails(string? Reason = null, string? Message = null, string? LogFile = null);

/// <summary>A step's state, the reason it changed and its times.</summary>
public sealed record StepStatus(string State, StateChangeReason? StateChangeReason = null, FailureDetails? FailureDetails = null, Timeline? Timeline = null);

/// <summary>One step as <c>ListSteps</c> / <c>DescribeStep</c> report it.</summary>
public sealed record StepSummary(string Id, string Name, StepStatus Status, HadoopStepConfig? Config = null, string? ActionOnFailure = null);

/// <summary><c>ListSteps</c> request; newest first, paged with <see cref="Marker"/>.</summary>
public sealed record ListStepsRequest(string ClusterId, IReadOnlyList<string>? StepStates = null, IReadOnlyList<string>? StepIds = null, string? Marker = null);

/// <summary><c>ListSteps</c> answer.</summary>
public sealed record ListStepsResponse(IReadOnlyList<StepSummary>? Steps = null, string? Marker = null);

/// <summary><c>DescribeStep</c> request.</summary>
public sealed record DescribeStepRequest(string ClusterId, string StepId);

/// <summary><c>DescribeStep</c> answer.</summary>
public sealed record DescribeStepResponse(StepSummary Step);

/// <summary><c>CancelSteps</c> request.</summary>
public sealed record CancelStepsRequest(string ClusterId, IReadOnlyList<string> StepIds, string? StepCancellationOption = null);

/// <summary>Outcome for one step of <c>CancelSteps</c>.</summary>
public sealed record CancelStepsInfo(string? StepId = null, string? Status = null, string? Reason = null);

/// <summary><c>CancelSteps</c> answer.</summary>
public sealed record CancelStepsResponse(IReadOnlyList<CancelStepsInfo>? CancelStepsInfoList = null);
