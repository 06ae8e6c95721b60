using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql.Types;
using Proto = CovidSpark.Spark.Connect.Proto;
using PExpr = CovidSpark.Spark.Connect.Proto.Expression;

namespace CovidSpark.Spark.Connect.Compiler;

internal sealed partial class SparkConnectCompiler
{
    /// <summary>
    /// Compiles an expression. <paramref name="withPlanIds"/> is set inside join conditions and in expressions over a
    /// join's output: column references built from <c>df["x"]</c> then carry the plan id of the DataFrame they came from,
    /// so Spark resolves <c>left.x == right.x</c> and <c>right["x"]</c> to that side, as the DuckDB engine does
    /// (elsewhere columns resolve by name).
    /// </summary>
    private PExpr Expr(Expr e, bool withPlanIds = false) => e switch
    {
        ColumnRef c => Attribute(c, withPlanIds),
        Star => new PExpr { UnresolvedStar = new PExpr.Types.UnresolvedStar() },
        Literal l => new PExpr { Literal = ProtoTypes.Literal(l.Value, l.Type) },
        Alias a => new PExpr { Alias = new PExpr.Types.Alias { Expr = Expr(a.Child, withPlanIds), Name = { a.Name } } },
        Cast c => NonAnsiCast(Expr(c.Child, withPlanIds), c.Type),
        CaseWhen cw => Call("when", [.. cw.Branches.SelectMany(b => new[] { Expr(b.Condition, withPlanIds), Expr(b.Value, withPlanIds) }),
            .. cw.Else is null ? Array.Empty<PExpr>() : [Expr(cw.Else, withPlanIds)]]),
        SortOrder s => new PExpr { SortOrder = SortOrder(s, withPlanIds) },
        WindowExpr w => Window(w, withPlanIds),
        FunctionCall f => Lowering.Lower(f) is { } lowered ? Expr(lowered, withPlanIds) : Function(f, withPlanIds),
        LoweredCall l => Function(l.Call, withPlanIds),
        _ => throw new OperationNotSupportedException(ProtoTypes.EngineName, e.GetType().Name),
    };

    private PExpr Attribute(ColumnRef c, bool withPlanIds)
    {
        var attr = new PExpr.Types.UnresolvedAttribute { UnparsedIdentifier = QuoteIdentifier(c.Name) };
        if (withPlanIds && c.Owner is not null && _planIds.TryGetValue(c.Owner, out var id)) attr.PlanId = id;
        return new PExpr { UnresolvedAttribute = attr };
    }

    /// <summary>Spark parses <c>unparsed_identifier</c>: names other than plain identifiers go in backticks.</summary>
    internal static string QuoteIdentifier(string name) =>
        PlainIdentifier().IsMatch(name) ? name : "`" + name.Replace("`", "``") + "`";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainIdentifier();

    /// <summary>
    /// Our cast semantics are Spark's non-ANSI cast: a value that does not convert becomes NULL, and a string such
    /// as <c>"10.5"</c> cast to an integer is truncated to 10 (the DuckDB engine does the same). Spark 4 is told so
    /// with <c>eval_mode = LEGACY</c> (its ANSI default would fail the query; TRY would return NULL for "10.5").
    /// Spark 3.5 has no <c>eval_mode</c>: it is not sent, and the session runs with <c>spark.sql.ansi.enabled=false</c>
    /// (<see cref="SparkTarget.SessionConfig"/>), which makes the plain cast the same non-ANSI cast.
    /// </summary>
    private PExpr NonAnsiCast(PExpr child, DataType type)
    {
        var cast = new PExpr.Types.Cast { Expr = child, Type = ProtoTypes.ToProto(type) };
        if (_target.HasCastEvalMode) cast.EvalMode = PExpr.Types.Cast.Types.EvalMode.Legacy;
        return new PExpr { Cast = cast };
    }

    private static PExpr Call(string name, params PExpr[] args) => Call(name, false, args);

    private static PExpr Call(string name, bool distinct, IEnumerable<PExpr> args)
    {
        var f = new PExpr.Types.UnresolvedFunction { FunctionName = name, IsDistinct = distinct };
        f.Arguments.AddRange(args);
        return new PExpr { UnresolvedFunction = f };
    }

    private static PExpr Lit(object? value, DataType? type = null) => new() { Literal = ProtoTypes.Literal(value, type) };

    private PExpr.Types.SortOrder SortOrder(SortOrder s, bool withPlanIds) => new()
    {
        Child = Expr(s.Child, withPlanIds),
        Direction = s.Ascending ? PExpr.Types.SortOrder.Types.SortDirection.Ascending : PExpr.Types.SortOrder.Types.SortDirection.Descending,
        // Always explicit: Spark and DuckDB defaults agree today, but the plan should not depend on it.
        NullOrdering = s.NullsFirst ? PExpr.Types.SortOrder.Types.NullOrdering.SortNullsFirst : PExpr.Types.SortOrder.Types.NullOrdering.SortNullsLast,
    };

    private PExpr Window(WindowExpr w, bool withPlanIds)
    {
        var window = new PExpr.Types.Window { WindowFunction = Expr(w.Function, withPlanIds) };
        window.PartitionSpec.AddRange(w.PartitionBy.Select(p => Expr(p, withPlanIds)));
        window.OrderSpec.AddRange(w.OrderBy.Select(o => SortOrder(o, withPlanIds)));
        if (w.Frame is { } frame)
        {
            window.FrameSpec = new PExpr.Types.Window.Types.WindowFrame
            {
                FrameType = PExpr.Types.Window.Types.WindowFrame.Types.FrameType.Row,
                Lower = Boundary(frame.Start),
                Upper = Boundary(frame.End),
            };
        }
        return new PExpr { Window = window };
    }

    private static PExpr.Types.Window.Types.WindowFrame.Types.FrameBoundary Boundary(long bound) => bound switch
    {
        long.MinValue or long.MaxValue => new() { Unbounded = true },
        0 => new() { CurrentRow = true },
        >= int.MinValue and <= int.MaxValue => new() { Value = Lit((int)bound) },
        _ => new() { Value = Lit(bound) },
    };

    private PExpr Function(FunctionCall f, bool withPlanIds)
    {
        var args = f.Args.Select(a => Expr(a, withPlanIds)).ToArray();
        if (!SparkFunctions.Supports(f.Name))
            throw new OperationNotSupportedException(ProtoTypes.EngineName, $"function {f.Name}");
        return (Rewrites.TryGetValue(f.Name, out var rewrite) ? rewrite(this, f, new Args(f, args)) : null)
            ?? Call(f.Name, f.IsDistinct, args);
    }

    /// <summary>Rendered arguments of a call; a missing one is an <see cref="AnalysisException"/> naming the function.</summary>
    internal readonly record struct Args(FunctionCall Call, PExpr[] Values)
    {
        public PExpr this[int i] => i < Values.Length ? Values[i] : throw new AnalysisException($"Function {Call.Name} needs at least {i + 1} argument(s).");
    }

    /// <summary>
    /// Catalogue functions sent other than by name (null: this call is sent by name after all); every other catalogue function
    /// is in <see cref="SparkFunctions.PassThrough"/>. Each has a golden test.
    /// </summary>
    internal static readonly FrozenDictionary<string, Func<SparkConnectCompiler, FunctionCall, Args, PExpr?>> Rewrites =
        new Dictionary<string, Func<SparkConnectCompiler, FunctionCall, Args, PExpr?>>
        {
            // a / b, lowered by Plan.Lowering: try_divide(double, double) is NULL on division by zero even with ANSI on
            ["try_divide"] = (c, _, a) => Call("try_divide", c.NonAnsiCast(a[0], DoubleType.Instance), c.NonAnsiCast(a[1], DoubleType.Instance)),
            // not a function in Spark's registry (UNRESOLVED_ROUTINE); Spark's own clients send not(==)
            ["!="] = (_, _, a) => Call("not", Call("==", a[0], a[1])),
            // the non-ANSI cast to date (with a pattern, Plan.Lowering makes it a cast of to_timestamp)
            ["to_date"] = (c, f, a) => f.Args.Length == 1
                ? c.NonAnsiCast(a[0], DateType.Instance)
                : throw new OperationNotSupportedException(ProtoTypes.EngineName, "to_date with a pattern that was not lowered"),
            // try_to_timestamp(s, fmt): NULL instead of an error on bad input
            ["to_timestamp"] = (_, f, a) => Call("try_to_timestamp", a[0], Lit(FormatArg(f))),
            // count(*) is sent as count(1), the name Spark gives it
            ["count"] = (_, f, _) => f.Args is [Star] ? Call("count", Lit(1)) : null,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static string FormatArg(FunctionCall f) =>
        f.Args.Length > 1 && f.Args[1] is Literal { Value: string s } ? s
        : throw new AnalysisException($"{f.Name} needs a constant string pattern as its second argument.");
}
