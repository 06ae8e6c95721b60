using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.Sql;

public static partial class Functions
{
    /// <summary>The value <paramref name="offset"/> rows before the current row in the window, or <paramref name="defaultValue"/>.</summary>
    public static Column Lag(Column c, int offset = 1, object? defaultValue = null) =>
        defaultValue is null
            ? new(new FunctionCall("lag", c.Expr, new Literal(offset)))
            : new(new FunctionCall("lag", c.Expr, new Literal(offset), Lit(defaultValue).Expr));

    public static Column Lead(Column c, int offset = 1) => new(new FunctionCall("lead", c.Expr, new Literal(offset)));
    public static Column RowNumber() => new(new FunctionCall("row_number"));
    public static Column Rank() => new(new FunctionCall("rank"));
    public static Column DenseRank() => new(new FunctionCall("dense_rank"));
}
