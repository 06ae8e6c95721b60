using System.Globalization;
using CovidSpark.Spark.Plan.Catalogue;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// Writes an expression as SQL text that both Spark SQL and DuckDB read alike, for the jobs' hand-written queries: a rule of
/// the lowering pass (<see cref="Lowering"/>) is then spelled in their SQL from the same definition, not copied by hand.
/// Only what such rules use is supported: columns (written as given), numbers, booleans, infix operators, CASE WHEN and
/// calls by name (upper case).
/// </summary>
public static class SparkSqlText
{
    /// <summary>A column reference for <see cref="Of"/>: the name is written as given (<c>c.hdi</c> stays qualified).</summary>
    public static Expr Column(string sqlName) => new ColumnRef(sqlName);

    /// <summary>The lowered form of the call <paramref name="name"/>(<paramref name="args"/>), as SQL text.</summary>
    public static string Lowered(string name, params string[] args)
    {
        var call = FunctionCatalogue.Call(name, [.. args.Select(Column)]);
        return Of(Lowering.Lower(call) ?? call);
    }

    /// <summary>The SQL text of <paramref name="e"/>.</summary>
    /// <exception cref="NotSupportedException">The expression uses something this writer does not spell.</exception>
    public static string Of(Expr e) => e switch
    {
        ColumnRef c => c.Name,
        // A whole double is written as an integer: both engines widen it where it meets a double, and 0.0 would be a DECIMAL.
        Literal { Value: double d } when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        Literal { Value: int or long } l => Convert.ToString(l.Value, CultureInfo.InvariantCulture)!,
        Literal { Value: bool b } => b ? "TRUE" : "FALSE",
        CaseWhen cw => "CASE " + string.Join(" ", cw.Branches.Select(b => $"WHEN {Of(b.Condition)} THEN {Of(b.Value)}"))
            + (cw.Else is null ? "" : $" ELSE {Of(cw.Else)}") + " END",
        LoweredCall l => Of(l.Call),
        FunctionCall { Name: "and" or "or", Args: [var a, var b] } f => $"{Of(a)} {f.Name.ToUpperInvariant()} {Of(b)}",
        FunctionCall { Name: "==" or "!=" or "<" or "<=" or ">" or ">=", Args: [var a, var b] } f =>
            $"{Of(a)} {(f.Name == "==" ? "=" : f.Name == "!=" ? "<>" : f.Name)} {Of(b)}",
        FunctionCall f when !f.Name.Any(char.IsLetter) => throw new NotSupportedException($"Operator {f.Name} is not written as SQL text here."),
        FunctionCall f => $"{f.Name.ToUpperInvariant()}({(f.IsDistinct ? "DISTINCT " : "")}{string.Join(", ", f.Args.Select(Of))})",
        _ => throw new NotSupportedException($"{e.GetType().Name} is not written as SQL text here."),
    };
}
