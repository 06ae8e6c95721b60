using ProtoPlan = CovidSpark.Spark.Connect.Proto.Plan;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// What one action sends: <paramref name="Setup"/> commands first (temp views the SQL queries of the plan read),
/// in order, then <paramref name="Main"/> (the query's root relation or a write command).
/// </summary>
internal sealed record CompiledPlan(IReadOnlyList<ProtoPlan> Setup, ProtoPlan Main)
{
    public IEnumerable<ProtoPlan> All => Setup.Append(Main);
}
