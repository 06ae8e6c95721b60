using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// How the expressions of one plan node see their input: how a column reference is rendered (a join side's column may
/// appear under a renamed name) and the input's column types, asked only by emissions that depend on a type (<c>round</c>).
/// </summary>
internal sealed class Scope(Func<ColumnRef, string> render, Func<string, DataType?> columnType)
{
    public string Render(ColumnRef column) => render(column);

    public DataType? ColumnType(string name) => columnType(name);
}
