using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;

namespace CovidSpark.Spark.Sql;

public static partial class Functions
{
    /// <summary>The value <paramref name="offset"/> rows before the current row in the window, or <paramref name="defaultValue"/>.</summary>
    public static Column Lag(Column c, int offset = 1, object? defaultValue = null) =>
        defaultValue is null
            ? new(FunctionCatalogue.Call("lag", c.Expr, new Literal(offset)))
            : new(FunctionCatalogue.Call("lag", c.Expr, new Literal(offset), Lit(defaultValue).Expr));

    public static Column Lead(Column c, int offset = 1) => new(FunctionCatalogue.Call("lead", c.Expr, new Literal(offset)));
    public static Column RowNumber() => new(FunctionCatalogue.Call("row_number"));
    public static Column Rank() => new(FunctionCatalogue.Call("rank"));
    public static Column DenseRank() => new(FunctionCatalogue.Call("dense_rank"));
}
