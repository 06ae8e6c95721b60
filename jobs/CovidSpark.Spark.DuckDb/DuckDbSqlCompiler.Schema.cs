using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql.Types;
using static CovidSpark.Spark.DuckDb.DuckDbDialect;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// The output columns of every relation, with DuckDB's type names, derived from the plan instead of asking DuckDB:
/// local rows and CSV reads with a schema carry theirs, every other node derives its columns from its inputs, and
/// expression types follow the function catalogue (<see cref="FunctionCatalogue"/>) as DuckDB's builtins return them
/// (integer sums are HUGEINT, DECIMAL stays DECIMAL, until <see cref="NormaliseTypes"/> casts them). Delta reads take
/// their columns from the table's schema in its log (read by the engine before compiling). Leaves whose columns are in files or
/// in SQL text — Parquet reads, CSV without a schema, <c>spark.Sql(...)</c> — carry them, resolved by the engine when their
/// DataFrame was created (<see cref="ResolvedColumns"/>, as Spark analyses eagerly): compiling needs no connection.
/// </summary>
internal sealed partial class DuckDbSqlCompiler
{
    private readonly Dictionary<Relation, IReadOnlyList<(string Name, string Type)>> _columns = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The columns of <paramref name="relation"/>'s compiled SQL, as DuckDB's DESCRIBE would give them for the query itself
    /// (a join may repeat a name there; a query over it sees the repeats renamed, <see cref="Visible"/>).
    /// </summary>
    public IReadOnlyList<(string Name, string Type)> Columns(Relation relation)
    {
        if (_columns.TryGetValue(relation, out var known)) return known;
        IReadOnlyList<(string Name, string Type)> result = relation switch
        {
            LocalRelation l => [.. l.Schema.Fields.Select(f => (f.Name, TypeName(f.DataType)))],
            ReadFiles { Format: FileFormat.Csv, Schema: { } s } => [.. s.Fields.Select(f => (f.Name, TypeName(f.DataType)))],
            ReadFiles { Format: FileFormat.Delta } d => deltaColumns?.Invoke(d)
                ?? throw new InvalidOperationException($"The columns of the Delta read of {d.Paths[0]} were not resolved before compiling."),
            ReadFiles => Carried(relation),
            SqlQuery => Normalised(Carried(relation)),
            Project p => Normalised(SelectColumns(p.Expressions, p.Input)),
            Aggregate a => Normalised(SelectColumns([.. a.Groupings, .. a.Aggregates], a.Input)),
            WithColumns w => Normalised(WithColumnsColumns(w)),
            Filter f => Visible(f.Input),
            Sort s => Visible(s.Input),
            Limit l => Visible(l.Input),
            Distinct d => Visible(d.Input),
            WithColumnsRenamed r => RenamedColumns(r),
            Drop d => [.. Columns(d.Input).Where(c => !d.Columns.Contains(c.Name, StringComparer.OrdinalIgnoreCase))],
            Join j => JoinColumns(j),
            SetOp u => SetOpColumns(u),
            _ => throw new OperationNotSupportedException(EngineName, relation.GetType().Name),
        };
        _columns[relation] = result;
        return result;
    }

    /// <summary>The names of <paramref name="relation"/>'s columns.</summary>
    private IReadOnlyList<string> Names(Relation relation) => [.. Columns(relation).Select(c => c.Name)];

    /// <summary>The columns a query over <paramref name="relation"/> (as a sub-query) sees: repeated names renamed <c>v_1</c>, ...</summary>
    private IReadOnlyList<(string Name, string Type)> Visible(Relation relation)
    {
        var columns = Columns(relation);
        return [.. columns.Zip(UniqueNames(columns.Select(c => c.Name)), (c, name) => (name, c.Type))];
    }

    /// <summary>
    /// The columns a leaf with columns in files or SQL text carries: DuckDB described them when its DataFrame was created (a CSV
    /// without a header under Spark's names, <c>_c0</c>, <c>_c1</c>, ...).
    /// </summary>
    private static IReadOnlyList<(string Name, string Type)> Carried(Relation leaf)
    {
        var resolved = leaf switch { ReadFiles r => r.Resolved, SqlQuery q => q.Resolved, _ => null };
        if (resolved is null || resolved.Engine != EngineName)
            throw new InvalidOperationException(
                $"The columns of {Describe(leaf)} were not resolved by the {EngineName} engine when its DataFrame was created; "
                + "create DataFrames through a session on this engine (spark.Read(), spark.Sql).");
        return [.. resolved.Columns.Select(c => (c.Name, c.EngineType))];
    }

    private static string Describe(Relation leaf) => leaf switch
    {
        ReadFiles r => $"the {r.Format.ToString().ToLowerInvariant()} read of {string.Join(", ", r.Paths)}",
        SqlQuery q => $"the SQL query '{(q.Query.Length > 80 ? q.Query[..80] + "..." : q.Query)}'",
        _ => leaf.GetType().Name,
    };

    private static IReadOnlyList<(string Name, string Type)> Normalised(IEnumerable<(string Name, string Type)> raw) =>
        [.. raw.Select(c => (c.Name, NeedsCast(c.Type) ?? c.Type))];

    /// <summary>The type DuckDB gives a visible input column (names match ignoring case); null when there is none.</summary>
    private static string? TypeIn(IReadOnlyList<(string Name, string Type)> columns, string name) =>
        columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } m ? m.Type : null;

    private static string Unquote(string quoted) =>
        quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : quoted;

    /// <summary>The columns of <see cref="SelectList"/> over <paramref name="input"/>, before type normalisation.</summary>
    private IReadOnlyList<(string Name, string Type)> SelectColumns(IEnumerable<Expr> exprs, Relation input)
    {
        var visible = Visible(input);
        var scope = Resolver(input);
        var result = new List<(string Name, string Type)>();
        foreach (var e in exprs)
        {
            switch (e)
            {
                case Star:
                    result.AddRange(visible);
                    break;
                case ColumnRef c:
                    // As SelectList emits it: a join side's column seen under a renamed name is aliased to its own name; any other
                    // column is named by DuckDB as the input column it matches (ignoring case). An unknown one fails when it runs.
                    var rendered = scope.Render(c);
                    var match = visible.FirstOrDefault(v => v.Name.Equals(Unquote(rendered), StringComparison.OrdinalIgnoreCase));
                    result.Add(rendered != Quote(c.Name) ? (c.Name, match.Type ?? "VARCHAR") : match.Name is null ? (c.Name, "VARCHAR") : match);
                    break;
                case Alias a:
                    result.Add((a.Name, NativeType(a.Child, visible, scope)));
                    break;
                default:
                    result.Add((ExprNames.Of(e), NativeType(e, visible, scope)));
                    break;
            }
        }
        return result;
    }

    private IReadOnlyList<(string Name, string Type)> WithColumnsColumns(WithColumns w)
    {
        var visible = Visible(w.Input);
        var scope = Resolver(w.Input);
        var existing = Names(w.Input);
        var replaced = w.Columns.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var result = existing.Select(c => replaced.TryGetValue(c, out var a) ? (a.Name, NativeType(a.Child, visible, scope)) : (c, TypeIn(visible, c) ?? "VARCHAR")).ToList();
        result.AddRange(w.Columns.Where(a => !existing.Contains(a.Name, StringComparer.OrdinalIgnoreCase)).Select(a => (a.Name, NativeType(a.Child, visible, scope))));
        return result;
    }

    private IReadOnlyList<(string Name, string Type)> RenamedColumns(WithColumnsRenamed r)
    {
        var map = r.Renames.ToDictionary(x => x.From, x => x.To, StringComparer.OrdinalIgnoreCase);
        var visible = Visible(r.Input);
        return [.. Names(r.Input).Select(c => (map.TryGetValue(c, out var to) ? to : c, TypeIn(visible, c) ?? "VARCHAR"))];
    }

    private IReadOnlyList<(string Name, string Type)> JoinColumns(Join j)
    {
        var (left, right) = (Visible(j.Left), Visible(j.Right));
        if (j.Type is JoinType.LeftSemi or JoinType.LeftAnti) return left;
        if (j.UsingColumns.IsEmpty) return [.. left, .. right];
        var keys = j.UsingColumns.Select(c => (c, j.Type switch
        {
            JoinType.FullOuter => Widen([TypeIn(left, c), TypeIn(right, c)]),
            JoinType.RightOuter => TypeIn(right, c),
            _ => TypeIn(left, c),
        } ?? "VARCHAR"));
        var rest = OutputColumns(j, Names(j.Left), Names(j.Right)).Where(c => c.Side != JoinSide.Key)
            .Select(c => c.Side == JoinSide.Left ? Named(left, c.Name) : Named(right, c.Name));
        return [.. keys, .. rest];
    }

    /// <summary><c>alias."name"</c> selected from a sub-query: DuckDB names it as the sub-query's column it matches.</summary>
    private static (string Name, string Type) Named(IReadOnlyList<(string Name, string Type)> visible, string name) =>
        visible.FirstOrDefault(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } m ? m : (name, "VARCHAR");

    private IReadOnlyList<(string Name, string Type)> SetOpColumns(SetOp u)
    {
        var (left, right) = (Visible(u.Left), Visible(u.Right));
        if (u.Kind == SetOpKind.UnionAll)
            return [.. left.Select((c, i) => (c.Name, i < right.Count ? Widen([c.Type, right[i].Type]) ?? c.Type : c.Type))];
        var result = left.Select(c => (c.Name, TypeIn(right, c.Name) is { } r ? Widen([c.Type, r]) ?? c.Type : c.Type)).ToList();
        result.AddRange(right.Where(c => TypeIn(left, c.Name) is null));
        return result;
    }

    /// <summary>The DuckDB type of an expression as this compiler emits it.</summary>
    private string NativeType(Expr e, IReadOnlyList<(string Name, string Type)> visible, Scope scope) =>
        Native(e, visible, scope) ?? "INTEGER"; // an untyped NULL: DuckDB describes it as INTEGER

    private string? Native(Expr e, IReadOnlyList<(string Name, string Type)> visible, Scope scope) => e switch
    {
        ColumnRef c => TypeIn(visible, Unquote(scope.Render(c))),
        Literal { Value: null, Type: null } => null,
        Literal l => TypeName(l.Type ?? ExprTypes.OfValue(l.Value) ?? throw new OperationNotSupportedException(EngineName, $"literal of type {l.Value!.GetType().Name}")),
        Alias a => Native(a.Child, visible, scope),
        Cast c => TypeName(c.Type),
        SortOrder s => Native(s.Child, visible, scope),
        CaseWhen cw => Widen([.. cw.Branches.Select(b => Native(b.Value, visible, scope)), cw.Else is null ? null : Native(cw.Else, visible, scope)]),
        WindowExpr w => Native(w.Function, visible, scope),
        LoweredCall l => NativeCall(l.Call, visible, scope),
        FunctionCall f => Lowering.Lower(f) is { } lowered ? Native(lowered, visible, scope) : NativeCall(f, visible, scope),
        _ => null,
    };

    private string? NativeCall(FunctionCall f, IReadOnlyList<(string Name, string Type)> visible, Scope scope)
    {
        var info = FunctionCatalogue.Find(f.Name);
        if (info?.FixedResultType is { } fixedType) return TypeName(fixedType); // INT results are cast (IntegerResult), the rest are DuckDB's own
        var args = f.Args.Select(a => Native(a, visible, scope)).ToList();
        // DuckDB sums integers to HUGEINT (DECIMAL stays DECIMAL, DOUBLE stays DOUBLE); the other rules are the catalogue's
        // "type of the first argument" and "widest argument type", which DuckDB's builtins follow.
        return f.Name == "sum" && args.FirstOrDefault() is { } arg && Rank(arg) is 1 or 2 ? "HUGEINT" : Widen(args);
    }

    /// <summary>DuckDB's common type of numeric types (integers &lt; BIGINT &lt; HUGEINT &lt; DECIMAL &lt; DOUBLE); otherwise the first known type.</summary>
    private static string? Widen(IEnumerable<string?> types)
    {
        string? result = null;
        foreach (var t in types)
        {
            if (t is null) continue;
            if (result is null) { result = t; continue; }
            if (Rank(t) is { } a && Rank(result) is { } b && a > b) result = t;
        }
        return result;
    }

    private static int? Rank(string duckType) => duckType.ToUpperInvariant() switch
    {
        "TINYINT" or "SMALLINT" or "INTEGER" => 1,
        "BIGINT" => 2,
        "HUGEINT" => 3,
        var d when d.StartsWith("DECIMAL", StringComparison.Ordinal) => 4,
        "FLOAT" or "DOUBLE" => 5,
        _ => null,
    };
}
