namespace CovidSpark.Spark.Connect.Recording;

/// <summary>What a recorded request was for.</summary>
public enum PlanKind
{
    /// <summary>A query run for its rows (<c>ExecutePlan</c> with a root relation).</summary>
    Query,
    /// <summary>A command (<c>ExecutePlan</c>): a temp view for a SQL query, or a write.</summary>
    Command,
    /// <summary>A schema request (<c>AnalyzePlan</c>); the plan is the query whose schema is asked for.</summary>
    Schema,
}

/// <summary>
/// One <c>spark.connect.Plan</c> message as sent. <paramref name="Plan"/> is the binary protobuf, decodable with
/// Spark's public protocol definitions (<c>protoc --decode spark.connect.Plan spark/connect/base.proto &lt; file.bin</c>);
/// <paramref name="Json"/> is the same message in protobuf JSON, for people.
/// </summary>
/// <param name="Sequence">1, 2, 3, ... in the order the engine sent them.</param>
/// <param name="Kind">What the request was for.</param>
/// <param name="Plan">The serialised <c>Plan</c> message.</param>
/// <param name="Json">The message as indented protobuf JSON.</param>
public sealed record RecordedPlan(int Sequence, PlanKind Kind, ReadOnlyMemory<byte> Plan, string Json);

/// <summary>Receives each plan a <see cref="SparkConnectEngine"/> sends (or would send, in a dry run).</summary>
public interface IPlanRecorder
{
    /// <summary>Called before the request goes out, one call at a time per engine action.</summary>
    ValueTask RecordAsync(RecordedPlan plan, CancellationToken cancellationToken);
}
