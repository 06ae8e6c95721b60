using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;

namespace CovidSpark.Spark.Sql;

public static partial class Functions
{
    /// <summary>Sum; NULL when every value is NULL. Integer sums are <c>bigint</c>.</summary>
    public static Column Sum(Column c) => Call("sum", c);
    public static Column Sum(string column) => Sum(Col(column));
    public static Column Avg(Column c) => Call("avg", c);
    public static Column Avg(string column) => Avg(Col(column));
    public static Column Mean(Column c) => Avg(c);
    /// <summary>Count of non-null values; <c>Count("*")</c> counts rows.</summary>
    public static Column Count(Column c) => Call("count", c);
    public static Column Count(string column) => Count(Col(column));
    public static Column CountDistinct(Column c) => new(FunctionCatalogue.CallDistinct("count", c.Expr));
    public static Column Max(Column c) => Call("max", c);
    public static Column Max(string column) => Max(Col(column));
    public static Column Min(Column c) => Call("min", c);
    public static Column Min(string column) => Min(Col(column));
    /// <summary>Pearson correlation; NULL when fewer than two pairs or a side has no variance (on every engine).</summary>
    public static Column Corr(Column a, Column b) => Call("corr", a, b);
    public static Column Corr(string a, string b) => Corr(Col(a), Col(b));
    /// <summary>Sample standard deviation; NULL for fewer than two values.</summary>
    public static Column StddevSamp(Column c) => Call("stddev_samp", c);
    public static Column StddevPop(Column c) => Call("stddev_pop", c);
    public static Column VarSamp(Column c) => Call("var_samp", c);
    /// <summary>First value in input order (non-deterministic after a shuffle, as in Spark).</summary>
    public static Column First(Column c) => Call("first", c);
}
