using System.Collections.Immutable;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// A column expression. Immutable: every method returns a new <see cref="Column"/>.
/// Comparisons are named methods (<see cref="EqualTo"/>, <see cref="Gt"/>, ...) rather than <c>==</c> overloads,
/// so <c>col == null</c> keeps its C# meaning.
/// </summary>
public sealed class Column
{
    internal Column(Expr expr) => Expr = expr;

    /// <summary>The plan expression behind this column.</summary>
    public Expr Expr { get; }

    private static Expr E(object? v) => v switch
    {
        Column c => c.Expr,
        _ => new Literal(v),
    };

    private Column Call(string name, params object?[] others) =>
        new(FunctionCatalogue.Call(name, [Expr, .. others.Select(E)]));

    public Column EqualTo(object? other) => Call("==", other);
    public Column NotEqual(object? other) => Call("!=", other);
    /// <summary>Null-safe equality (<c>&lt;=&gt;</c>): true when both sides are null.</summary>
    public Column EqNullSafe(object? other) => Call("<=>", other);
    public Column Gt(object? other) => Call(">", other);
    public Column Lt(object? other) => Call("<", other);
    public Column Geq(object? other) => Call(">=", other);
    public Column Leq(object? other) => Call("<=", other);
    public Column Between(object? lower, object? upper) => Geq(lower).And(Leq(upper));
    public Column And(Column other) => Call("and", other);
    public Column Or(Column other) => Call("or", other);
    public Column Plus(object? other) => Call("+", other);
    public Column Minus(object? other) => Call("-", other);
    public Column Multiply(object? other) => Call("*", other);
    /// <summary>Division; always floating point, and NULL when dividing by zero (Spark non-ANSI semantics, on every engine).</summary>
    public Column Divide(object? other) => Call("/", other);
    public Column Mod(object? other) => Call("%", other);
    public Column IsNull() => Call("isnull");
    public Column IsNotNull() => Call("isnotnull");
    public Column IsNaN() => Call("isnan");
    public Column IsIn(params object?[] values) => new(FunctionCatalogue.Call("in", [Expr, .. values.Select(E)]));
    public Column Like(string pattern) => Call("like", pattern);
    public Column StartsWith(string prefix) => Call("startswith", prefix);
    public Column Contains(string part) => Call("contains", part);

    public static Column operator +(Column a, object? b) => a.Plus(b);
    public static Column operator -(Column a, object? b) => a.Minus(b);
    public static Column operator *(Column a, object? b) => a.Multiply(b);
    public static Column operator /(Column a, object? b) => a.Divide(b);
    public static Column operator %(Column a, object? b) => a.Mod(b);
    public static Column operator -(Column a) => new(FunctionCatalogue.Call("negative", a.Expr));
    public static Column operator &(Column a, Column b) => a.And(b);
    public static Column operator |(Column a, Column b) => a.Or(b);
    public static Column operator !(Column a) => new(FunctionCatalogue.Call("not", a.Expr));
    public static Column operator >(Column a, object? b) => a.Gt(b);
    public static Column operator <(Column a, object? b) => a.Lt(b);
    public static Column operator >=(Column a, object? b) => a.Geq(b);
    public static Column operator <=(Column a, object? b) => a.Leq(b);

    /// <summary>Names the column in the output.</summary>
    public Column Alias(string name) => new(new Alias(Expr is Alias a ? a.Child : Expr, name));

    /// <inheritdoc cref="Alias"/>
    public Column As(string name) => Alias(name);

    /// <summary>Converts to a type; a value that cannot be converted becomes NULL (Spark non-ANSI cast).</summary>
    public Column Cast(DataType type) => new(new Cast(Expr, type));

    /// <summary>Converts to a type named in Spark DDL (<c>"double"</c>, <c>"bigint"</c>, <c>"date"</c>, ...).</summary>
    public Column Cast(string type) => Cast(DataType.Parse(type));

    /// <summary>Adds a branch to a <see cref="Functions.When"/> chain.</summary>
    /// <exception cref="InvalidOperationException">This column is not a When chain, or already has Otherwise.</exception>
    public Column When(Column condition, object? value)
    {
        if (Expr is not CaseWhen cw || cw.Else is not null)
            throw new InvalidOperationException("When() can only follow Functions.When(...) or another When(), and not after Otherwise().");
        return new(cw with { Branches = cw.Branches.Add((condition.Expr, E(value))) });
    }

    /// <summary>The value when no branch matches (NULL when omitted).</summary>
    public Column Otherwise(object? value)
    {
        if (Expr is not CaseWhen cw || cw.Else is not null)
            throw new InvalidOperationException("Otherwise() can only follow Functions.When(...) or When(), once.");
        return new(cw with { Else = E(value) });
    }

    public Column Asc() => new(new SortOrder(Expr, Ascending: true, NullsFirst: true));
    public Column AscNullsLast() => new(new SortOrder(Expr, Ascending: true, NullsFirst: false));
    public Column Desc() => new(new SortOrder(Expr, Ascending: false, NullsFirst: false));
    public Column DescNullsFirst() => new(new SortOrder(Expr, Ascending: false, NullsFirst: true));

    /// <summary>Evaluates an aggregate or ranking function over a window.</summary>
    public Column Over(WindowSpec window) =>
        new(new WindowExpr(Expr, window.PartitionExprs, window.OrderExprs, window.Frame));

    public override string ToString() => Expr.ToString();
}
