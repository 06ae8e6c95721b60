using System.Globalization;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// The output name of an expression that has no alias, following Spark's rules
/// (<c>sum(confirmed)</c>, <c>count(1)</c>, <c>(a + b)</c>), so every engine names result columns alike.
/// </summary>
public static class ExprNames
{
    private static readonly HashSet<string> Infix = ["==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "and", "or", "<=>"];

    public static string Of(Expr e) => e switch
    {
        Alias a => a.Name,
        ColumnRef c => c.Name,
        Star => "*",
        Literal { Value: null } => "NULL",
        Literal { Value: string s } => s,
        Literal { Value: bool b } => b ? "true" : "false",
        Literal { Value: IFormattable f } => f.ToString(null, CultureInfo.InvariantCulture),
        Literal l => l.Value?.ToString() ?? "NULL",
        Cast c => $"CAST({Of(c.Child)} AS {c.Type.SimpleString.ToUpperInvariant()})",
        SortOrder s => $"{Of(s.Child)} {(s.Ascending ? "ASC" : "DESC")} NULLS {(s.NullsFirst ? "FIRST" : "LAST")}",
        FunctionCall { Name: "count", Args: [Star] } => "count(1)",
        FunctionCall f when Infix.Contains(f.Name) && f.Args.Length == 2 =>
            $"({Of(f.Args[0])} {(f.Name == "==" ? "=" : f.Name.ToUpperInvariant() is "AND" or "OR" ? f.Name.ToUpperInvariant() : f.Name)} {Of(f.Args[1])})",
        FunctionCall { Name: "not" } f => $"(NOT {Of(f.Args[0])})",
        FunctionCall { Name: "negative" } f => $"(- {Of(f.Args[0])})",
        FunctionCall { Name: "isnull" } f => $"({Of(f.Args[0])} IS NULL)",
        FunctionCall { Name: "isnotnull" } f => $"({Of(f.Args[0])} IS NOT NULL)",
        FunctionCall f => $"{f.Name}({(f.IsDistinct ? "DISTINCT " : "")}{string.Join(", ", f.Args.Select(Of))})",
        CaseWhen c => "CASE " + string.Join(" ", c.Branches.Select(b => $"WHEN {Of(b.Condition)} THEN {Of(b.Value)}"))
            + (c.Else is null ? "" : $" ELSE {Of(c.Else)}") + " END",
        WindowExpr w => $"{Of(w.Function)} OVER (...)",
        _ => e.GetType().Name,
    };
}
