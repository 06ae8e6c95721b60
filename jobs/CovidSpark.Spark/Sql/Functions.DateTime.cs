using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;

namespace CovidSpark.Spark.Sql;

public static partial class Functions
{
    /// <summary>Parses a string to a date; NULL when it does not parse. <paramref name="format"/> uses Spark datetime patterns (<c>yyyy-MM-dd</c>, <c>M/d/yy</c>).</summary>
    public static Column ToDate(Column c, string? format = null) =>
        format is null ? Call("to_date", c) : new(FunctionCatalogue.Call("to_date", c.Expr, new Literal(format)));

    /// <summary>Parses a string to a timestamp with a Spark pattern; NULL when it does not parse.</summary>
    public static Column ToTimestamp(Column c, string format) => new(FunctionCatalogue.Call("to_timestamp", c.Expr, new Literal(format)));

    public static Column Year(Column c) => Call("year", c);
    public static Column Month(Column c) => Call("month", c);
    public static Column DayOfMonth(Column c) => Call("dayofmonth", c);
    /// <summary>Date plus a number of days.</summary>
    public static Column DateAdd(Column c, int days) => new(FunctionCatalogue.Call("date_add", c.Expr, new Literal(days)));
    /// <summary>Days from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Column DateDiff(Column end, Column start) => Call("datediff", end, start);
}
