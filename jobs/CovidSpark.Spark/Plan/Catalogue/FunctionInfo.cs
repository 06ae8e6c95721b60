using System.Collections.Immutable;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Plan.Catalogue;

/// <summary>What a function is: an operator, a row-wise scalar function, an aggregate or a window-only ranking function.</summary>
public enum FunctionKind { Operator, Scalar, Aggregate, Window }

/// <summary>
/// How a call's result type follows from its argument types: <paramref name="Derive"/> gets the argument types (an element
/// is null where an argument's type is not known) and returns null when the result type cannot be told from them.
/// </summary>
/// <param name="Description">The rule in words, for the docs (<c>double</c>, <c>widest argument type</c>).</param>
/// <param name="Derive">The rule.</param>
public sealed record ResultTypeRule(string Description, Func<IReadOnlyList<DataType?>, DataType?> Derive);

/// <summary>
/// One function of the library as the plan names it (Spark's name), with what every engine must honour: the number of
/// arguments, the result type and, where an engine's builtin of the same name behaves differently, the Spark semantics
/// both engines return (<see cref="Parity"/>). Every engine emits every catalogue function; how is the engine's business.
/// </summary>
/// <param name="Name">Spark's name (<c>sum</c>, <c>==</c>, <c>to_date</c>).</param>
/// <param name="Kind">Operator, scalar, aggregate or window function.</param>
/// <param name="MinArgs">Fewest arguments a call may have.</param>
/// <param name="MaxArgs">Most arguments a call may have; null for any number.</param>
/// <param name="ResultType">The result type from the argument types.</param>
/// <param name="FixedResultType">Set when the result type does not depend on the arguments.</param>
public sealed record FunctionInfo(string Name, FunctionKind Kind, int MinArgs, int? MaxArgs, ResultTypeRule ResultType, DataType? FixedResultType)
{
    /// <summary>Where the DuckDB builtin of the same meaning differs from Spark: the rule both engines follow, with its twin tests.</summary>
    public ImmutableArray<ParityNote> Parity { get; init; } = [];

    /// <summary>True for helpers only the lowering pass produces (<c>regr_sxx</c> for the <c>corr</c> guard): no API wrapper builds them.</summary>
    public bool LoweringOnly { get; init; }

    /// <summary>True when <paramref name="count"/> arguments are allowed.</summary>
    public bool AcceptsArity(int count) => count >= MinArgs && (MaxArgs is not { } max || count <= max);
}

/// <summary>
/// A documented difference between Spark's function and the DuckDB builtin of the same meaning, which the DuckDB engine
/// closes. <paramref name="DuckDbTest"/> is the value test on the embedded engine (a test method in
/// <c>tests/CovidSpark.Spark.Tests</c> or <c>tests/CovidSpark.Spark.DuckDb.Tests</c>), <paramref name="SparkCase"/> the golden plan case that shows what Spark is sent
/// (<c>tests/CovidSpark.Spark.Connect.Tests/Snapshots/&lt;case&gt;</c>). docs/spark-connect.md's function table is made of these.
/// </summary>
/// <param name="Call">The call as a user writes it (<c>Round(x, s)</c>).</param>
/// <param name="Spark">Spark's semantics: what both engines return.</param>
/// <param name="DuckDbBuiltin">What DuckDB's builtin alone would return.</param>
/// <param name="DuckDbTest">The twin value test on DuckDB.</param>
/// <param name="SparkCase">The twin golden plan case for Spark Connect.</param>
public sealed record ParityNote(string Call, string Spark, string DuckDbBuiltin, string DuckDbTest, string SparkCase);
