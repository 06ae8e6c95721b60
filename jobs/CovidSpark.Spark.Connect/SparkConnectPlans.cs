using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Recording;
using CovidSpark.Spark.Plan;
using Google.Protobuf;

namespace CovidSpark.Spark.Connect;

/// <summary>
/// Compiles logical plans to the Spark Connect messages the engine would send, without a server:
/// for <c>covidspark plan</c> and golden tests. Plan ids start at 0 for each call unless a generator is given.
/// </summary>
public static class SparkConnectPlans
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    /// <summary>The plans a query action sends: temp-view commands first, then the query.</summary>
    /// <exception cref="Spark.Errors.OperationNotSupportedException">The plan uses something Spark Connect cannot express here.</exception>
    /// <param name="plan">The logical plan.</param>
    /// <param name="ids">Plan-id generator (fresh, from 0, when null).</param>
    /// <param name="target">The Spark version to compile for (<see cref="SparkTarget.Default"/> when null).</param>
    public static IReadOnlyList<RecordedPlan> CompileQuery(Relation plan, PlanIdGenerator? ids = null, SparkTarget? target = null) =>
        ToRecords(new SparkConnectCompiler(ids ?? new PlanIdGenerator(), target).CompileQuery(plan), PlanKind.Query);

    /// <summary>The plans a write sends: temp-view commands first, then the <c>WriteOperation</c>.</summary>
    public static IReadOnlyList<RecordedPlan> CompileWrite(WriteCommand write, PlanIdGenerator? ids = null, SparkTarget? target = null) =>
        ToRecords(new SparkConnectCompiler(ids ?? new PlanIdGenerator(), target).CompileWrite(write), PlanKind.Command);

    /// <summary>All plans as one readable text: each plan's JSON under a <c>-- 0001-query</c> header.</summary>
    public static string ToText(IEnumerable<RecordedPlan> plans) =>
        string.Join(Environment.NewLine, plans.Select(p => $"-- {DirectoryPlanRecorder.FileStem(p)}{Environment.NewLine}{p.Json}"));

    internal static IReadOnlyList<RecordedPlan> ToRecords(CompiledPlan compiled, PlanKind mainKind, int firstSequence = 1) =>
        [.. compiled.Setup.Select((p, i) => Record(firstSequence + i, PlanKind.Command, p)),
            Record(firstSequence + compiled.Setup.Count, mainKind, compiled.Main)];

    internal static RecordedPlan Record(int sequence, PlanKind kind, Proto.Plan plan) =>
        new(sequence, kind, plan.ToByteArray(), ToJson(plan));

    internal static string ToJson(IMessage message) => Json.Format(message);
}
