using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Plan;

/// <summary>
/// The type of an expression, derived without an engine: literals by their value, casts by their target, calls by the
/// catalogue's result type rule (<see cref="FunctionInfo.ResultType"/>), columns by <c>columnType</c> (the input's schema).
/// </summary>
public static class ExprTypes
{
    /// <summary>The type of <paramref name="e"/>, or null when it cannot be told (an unknown column or function).</summary>
    public static DataType? Of(Expr e, Func<string, DataType?> columnType) => e switch
    {
        ColumnRef c => columnType(c.Name),
        Literal { Type: { } t } => t,
        Literal l => OfValue(l.Value),
        Alias a => Of(a.Child, columnType),
        Cast c => c.Type,
        SortOrder s => Of(s.Child, columnType),
        CaseWhen cw => ResultTypes.Widen(cw.Branches.Select(b => Of(b.Value, columnType)).Append(cw.Else is null ? null : Of(cw.Else, columnType))),
        WindowExpr w => Of(w.Function, columnType),
        LoweredCall l => Of(l.Call, columnType),
        FunctionCall f => FunctionCatalogue.Find(f.Name)?.ResultType.Derive([.. f.Args.Select(a => Of(a, columnType))]),
        _ => null,
    };

    /// <summary>The type of a literal value: int, bigint, double, string, boolean, date or timestamp (null for NULL and others).</summary>
    public static DataType? OfValue(object? value) => value switch
    {
        int => IntegerType.Instance,
        long => LongType.Instance,
        double or float => DoubleType.Instance,
        string => StringType.Instance,
        bool => BooleanType.Instance,
        DateOnly => DateType.Instance,
        DateTime => TimestampType.Instance,
        _ => null,
    };
}
