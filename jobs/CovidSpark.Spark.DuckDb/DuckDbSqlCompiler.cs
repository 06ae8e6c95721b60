using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using static CovidSpark.Spark.DuckDb.DuckDbDialect;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// Compiles a logical plan to one DuckDB SQL query. Every relation becomes a <c>SELECT</c> over its input as a
/// sub-query (<c>t0</c>, <c>t1</c>, ... numbered in compile order, so the text is stable for golden tests).
/// Nodes whose output depends on the input's columns (WithColumn, Drop, using-joins, type normalisation) read them from
/// <see cref="Columns"/>, derived from the plan (<c>DuckDbSqlCompiler.Schema.cs</c>): leaves whose columns are in files or SQL
/// text carry them, resolved when their DataFrame was created (<see cref="ResolvedColumns"/>), so compiling needs no connection.
/// Anything not handled throws <see cref="OperationNotSupportedException"/>; nothing is silently dropped.
/// A Delta read is compiled by <paramref name="deltaRead"/> (its snapshot's files); the distinct values of a Delta table's
/// partition column come from <paramref name="deltaPartitionValues"/> (the log) when it can answer, without reading a file.
/// </summary>
internal sealed partial class DuckDbSqlCompiler(
    Func<ReadFiles, string> deltaRead,
    Func<ReadFiles, IReadOnlyList<(string Name, string Type)>?>? deltaColumns = null,
    Func<ReadFiles, string, string?>? deltaPartitionValues = null)
{
    /// <summary>
    /// DuckDB sums integers to HUGEINT and keeps DECIMAL literals exact; Spark returns BIGINT and DOUBLE here.
    /// Casting such outputs keeps result values and Parquet column types the same on both engines.
    /// </summary>
    private string NormaliseTypes(string sql, IReadOnlyList<(string Name, string Type)> cols)
    {
        if (!cols.Any(c => NeedsCast(c.Type) is not null)) return sql;
        var items = cols.Select(c => NeedsCast(c.Type) is { } t ? $"CAST({Quote(c.Name)} AS {t}) AS {Quote(c.Name)}" : Quote(c.Name));
        return $"SELECT {string.Join(", ", items)} FROM ({sql}) AS {NextAlias()}";
    }

    private static string? NeedsCast(string duckType) =>
        duckType.Equals("HUGEINT", StringComparison.OrdinalIgnoreCase) ? "BIGINT"
        : duckType.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase) ? "DOUBLE"
        : null;

    private int _aliasCounter;

    public string Compile(Relation relation) => relation switch
    {
        ReadFiles r => CompileRead(r),
        LocalRelation l => CompileLocal(l),
        SqlQuery q => CompileSqlQuery(q),
        Project p => NormaliseTypes($"SELECT {SelectList(p.Expressions, Resolver(p.Input))} FROM ({Compile(p.Input)}) AS {NextAlias()}", SelectColumns(p.Expressions, p.Input)),
        Filter f => $"SELECT * FROM ({Compile(f.Input)}) AS {NextAlias()} WHERE {Expr(f.Condition, Resolver(f.Input))}",
        WithColumns w => NormaliseTypes(CompileWithColumns(w), WithColumnsColumns(w)),
        WithColumnsRenamed r => CompileRename(r),
        Drop d => CompileDrop(d),
        Aggregate a => NormaliseTypes(CompileAggregate(a), SelectColumns([.. a.Groupings, .. a.Aggregates], a.Input)),
        Join j => CompileJoin(j),
        Sort s => $"SELECT * FROM ({Compile(s.Input)}) AS {NextAlias()} ORDER BY {string.Join(", ", s.Order.Select(o => Expr(o, Resolver(s.Input))))}",
        Limit l => $"SELECT * FROM ({Compile(l.Input)}) AS {NextAlias()} LIMIT {l.Count}",
        SetOp { Kind: SetOpKind.UnionAll } u => $"SELECT * FROM ({Compile(u.Left)}) UNION ALL SELECT * FROM ({Compile(u.Right)})",
        SetOp { Kind: SetOpKind.UnionByName } u => CompileUnionByName(u),
        Distinct { Input: Project { Input: ReadFiles { Format: FileFormat.Delta } r, Expressions: [ColumnRef c] } } when deltaPartitionValues?.Invoke(r, c.Name) is { } values => values,
        Distinct d => $"SELECT DISTINCT * FROM ({Compile(d.Input)}) AS {NextAlias()}",
        _ => throw new OperationNotSupportedException(EngineName, relation.GetType().Name),
    };

    private string NextAlias() => "t" + _aliasCounter++;

    /// <summary>
    /// Renders column references of a node that reads <paramref name="input"/>. After a join both sides' columns sit side by
    /// side under their own names, and a query over the join sees a repeated name renamed (<c>v</c>, <c>v_1</c>). Like Spark,
    /// a column taken from one side's DataFrame (<c>right["v"]</c>) means that side's column, so it is rendered under the name
    /// the join gave it; a bare name both sides have (<c>Col("v")</c>) is ambiguous, an <see cref="AnalysisException"/>.
    /// </summary>
    private Scope Resolver(Relation input) => new(c =>
    {
        if (JoinScope.Below(input) is not { } j) return Quote(c.Name);
        var fromRight = c.Owner is not null && Contains(j.Right, c.Owner) && !Contains(j.Left, c.Owner);
        var fromLeft = c.Owner is not null && Contains(j.Left, c.Owner) && !Contains(j.Right, c.Owner);
        if (fromLeft) return Quote(c.Name);
        var output = JoinOutput(j);
        var matches = output.Where(o => o.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count < 2) return Quote(c.Name);
        if (fromRight) return Quote(matches.First(m => m.Side == JoinSide.Right).Visible);
        throw new AnalysisException(
            $"Column '{c.Name}' is ambiguous after the join: both sides have it. Take it from one side's DataFrame " +
            "(left[\"" + c.Name + "\"] or right[\"" + c.Name + "\"]), or rename it on one side before joining.");
    }, name => ColumnTypeOf(input, name));

    private enum JoinSide { Key, Left, Right }

    /// <summary>
    /// A join's output columns in order, with the side each comes from and the name a query over the join sees: DuckDB renames
    /// a repeated name (ignoring case) to the first free <c>name_1</c>, <c>name_2</c>, ... in column order.
    /// </summary>
    private List<(string Name, JoinSide Side, string Visible)> JoinOutput(Join j)
    {
        if (_joinOutputs.TryGetValue(j, out var known)) return known;
        // A separate compiler: its alias numbers must not shift those of the query being compiled.
        var columns = OutputColumns(j, Names(j.Left), Names(j.Right)).ToList();
        var result = columns.Zip(UniqueNames(columns.Select(c => c.Name)), (c, visible) => (c.Name, c.Side, visible)).ToList();
        _joinOutputs[j] = result;
        return result;
    }

    /// <summary>
    /// Spark's columns of a join's output, in order: with using columns, each key once, then the other left columns, then the
    /// other right ones; otherwise every left column, then every right one.
    /// </summary>
    private static IEnumerable<(string Name, JoinSide Side)> OutputColumns(Join j, IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        bool IsKey(string c) => j.UsingColumns.Contains(c, StringComparer.OrdinalIgnoreCase);
        return j.UsingColumns.Select(c => (c, JoinSide.Key))
            .Concat(left.Where(c => !IsKey(c)).Select(c => (c, JoinSide.Left)))
            .Concat(right.Where(c => !IsKey(c)).Select(c => (c, JoinSide.Right)));
    }

    /// <summary>The type of an input column (as a query over the input sees it), for emissions that depend on it (<c>round</c>).</summary>
    private Sql.Types.DataType? ColumnTypeOf(Relation input, string name) =>
        TypeIn(Visible(input), name) is { } type ? DuckDbTypes.FromDuckDb(type) : null;

    private readonly Dictionary<Join, List<(string Name, JoinSide Side, string Visible)>> _joinOutputs = new(ReferenceEqualityComparer.Instance);

    private string SelectList(IEnumerable<Expr> exprs, Scope col) =>
        string.Join(", ", exprs.Select(e => e switch
        {
            // A join side's column seen under its renamed name (v_1) keeps its own name in the output, as on Spark.
            ColumnRef c when Expr(c, col) is var rendered && rendered != Quote(c.Name) => $"{rendered} AS {Quote(c.Name)}",
            Star or ColumnRef => Expr(e, col),
            Alias a => $"{Expr(a.Child, col)} AS {Quote(a.Name)}",
            _ => $"{Expr(e, col)} AS {Quote(ExprNames.Of(e))}",
        }));

    /// <summary>DuckDB's default longest CSV line, in bytes.</summary>
    private const long DefaultMaxLineSize = 2_000_000;

    private string CompileRead(ReadFiles r)
    {
        if (r.Format == FileFormat.Delta) return deltaRead(r);
        var sql = FileSql(r);
        if (r.Format != FileFormat.Csv || HasHeader(r) || r.Schema is not null) return sql;
        // Without a header Spark names the columns _c0, _c1, ... (DuckDB: column0, column1, ...).
        var count = Carried(r).Count;
        var renamed = Enumerable.Range(0, count).Select(i => $"{Quote(DuckDbCsvColumnName(i, count))} AS {Quote(SparkCsvColumnName(i))}");
        return $"SELECT {string.Join(", ", renamed)} FROM ({sql}) AS {NextAlias()}";
    }

    /// <summary>
    /// The SQL of a leaf whose columns are in files or SQL text, as DuckDB reads it (a CSV without a header keeps DuckDB's
    /// column names): what the engine describes when the leaf's DataFrame is created (<see cref="ResolvedColumns"/>).
    /// </summary>
    internal string LeafSql(Relation leaf) => leaf switch
    {
        SqlQuery q => CompileSql(q),
        ReadFiles { Format: FileFormat.Parquet or FileFormat.Csv } r => FileSql(r),
        _ => throw new ArgumentException($"{leaf.GetType().Name} is not a leaf with columns in files or SQL text.", nameof(leaf)),
    };

    private static string FileSql(ReadFiles r)
    {
        var paths = "[" + string.Join(", ", r.Paths.Select(p => QuoteString(ExpandPath(p, r.Format)))) + "]";
        return r.Format switch
        {
            // No union_by_name: like Spark (mergeSchema=false) the schema comes from one file, so opening a table costs the same
            // whatever number of partitions it has; filters on partition columns then skip the other files unread.
            FileFormat.Parquet => $"SELECT * FROM read_parquet({paths}, hive_partitioning = true)",
            FileFormat.Csv => CsvSql(r, paths),
            _ => throw new OperationNotSupportedException(EngineName, $"read format {r.Format}", "DuckDB here reads csv and parquet"),
        };
    }

    /// <summary>True when a CSV read's first line names its columns (option <c>header</c>).</summary>
    internal static bool HasHeader(ReadFiles r) => r.Options.TryGetValue("header", out var h) && bool.TryParse(h, out var hb) && hb;

    /// <summary>Spark's name of the <paramref name="index"/>-th column of a CSV read without a header: <c>_c0</c>, <c>_c1</c>, ...</summary>
    internal static string SparkCsvColumnName(int index) => "_c" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// DuckDB's name of a CSV column without a header: <c>column</c> and the index, zero-padded to the digits of the last
    /// index (<c>column0</c> .. <c>column9</c>; <c>column00</c> .. <c>column10</c> for eleven columns).
    /// </summary>
    private static string DuckDbCsvColumnName(int index, int count) =>
        "column" + index.ToString(CultureInfo.InvariantCulture).PadLeft((count - 1).ToString(CultureInfo.InvariantCulture).Length, '0');

    /// <summary>The <c>read_csv</c> of a CSV read with Spark's options (all strings unless a schema or <c>inferSchema=true</c>).</summary>
    private static string CsvSql(ReadFiles r, string paths)
    {
        var opts = r.Options;
        var args = new List<string> { paths };
        args.Add($"header = {(HasHeader(r) ? "true" : "false")}");
        args.Add($"delim = {QuoteString(opts.GetValueOrDefault("sep") ?? opts.GetValueOrDefault("delimiter") ?? ",")}");
        args.Add($"quote = {QuoteString(opts.GetValueOrDefault("quote") ?? "\"")}");
        args.Add($"escape = {QuoteString(opts.GetValueOrDefault("escape") ?? "\"")}");
        args.Add($"nullstr = {QuoteString(opts.GetValueOrDefault("nullValue") ?? "")}");
        // Spark's maxCharsPerColumn bounds a value (default: unlimited); DuckDB bounds a whole line (default 2 MB), so a
        // reader that knows its longest value asks for at least that much line.
        if (opts.TryGetValue("maxCharsPerColumn", out var maxChars) && long.TryParse(maxChars, NumberStyles.None, CultureInfo.InvariantCulture, out var longest)
            && longest > DefaultMaxLineSize)
            args.Add($"max_line_size = {longest.ToString(CultureInfo.InvariantCulture)}");
        if (r.Schema is not null)
        {
            args.Add("auto_detect = false");
            args.Add("columns = {" + string.Join(", ", r.Schema.Fields.Select(f => $"{QuoteString(f.Name)}: {QuoteString(TypeName(f.DataType))}")) + "}");
        }
        else if (!(opts.TryGetValue("inferSchema", out var inf) && inf.Equals("true", StringComparison.OrdinalIgnoreCase)))
        {
            args.Add("all_varchar = true");
        }
        return $"SELECT * FROM read_csv({string.Join(", ", args)})";
    }

    /// <summary>A directory means every file of the format below it (Spark reads folders the same way).</summary>
    private static string ExpandPath(string path, FileFormat format)
    {
        if (!Directory.Exists(path)) return path;
        return format == FileFormat.Parquet ? Path.Combine(path, "**", "*.parquet") : Path.Combine(path, "*.csv");
    }

    private string CompileLocal(LocalRelation l)
    {
        var cols = l.Schema.Fields.Select(f => Quote(f.Name)).ToList();
        if (l.Rows.IsEmpty)
            return "SELECT " + string.Join(", ", l.Schema.Fields.Select(f => $"CAST(NULL AS {TypeName(f.DataType)}) AS {Quote(f.Name)}")) + " WHERE false";
        var rows = l.Rows.Select(r => "(" + string.Join(", ", r.Select((v, i) => $"CAST({Literal(v, null)} AS {TypeName(l.Schema.Fields[i].DataType)})")) + ")");
        return $"SELECT * FROM (VALUES {string.Join(", ", rows)}) AS {NextAlias()}({string.Join(", ", cols)})";
    }

    /// <summary>A SQL relation: its columns were resolved when it was created; HUGEINT and DECIMAL ones are cast as everywhere.</summary>
    private string CompileSqlQuery(SqlQuery q) => NormaliseTypes(CompileSql(q), Carried(q));

    private string CompileSql(SqlQuery q)
    {
        // Only views the query names are inlined, as CTEs, latest registration wins. A view defined by SQL compiles its
        // own captured views, so the views it uses are not added here too: that doubled the SQL at every level of a chain.
        var needed = new List<NamedView>();
        foreach (var v in q.Views.Reverse().DistinctBy(v => v.Name.ToLowerInvariant()))
            if (Regex.IsMatch(q.Query, $@"\b{Regex.Escape(v.Name)}\b", RegexOptions.IgnoreCase))
                needed.Add(v);
        var query = q.Query.Trim().TrimEnd(';');
        // A trailing -- comment would swallow what wraps the query (") AS t0"); end the text with a newline.
        if (query.Contains("--", StringComparison.Ordinal)) query += "\n";
        if (needed.Count == 0) return query;
        var ctes = string.Join(", ", needed.AsEnumerable().Reverse().Select(v => $"{Quote(v.Name)} AS ({Compile(v.Plan)})"));
        var m = LeadingWith().Match(query);
        // The query's own CTEs follow the views; WITH RECURSIVE stays first (DuckDB allows plain CTEs under it).
        return m.Success ? $"WITH {m.Groups[1].Value}{ctes}, {query[m.Length..]}" : $"WITH {ctes} {query}";
    }

    [GeneratedRegex(@"^\s*WITH\s+(RECURSIVE\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingWith();

    private string CompileWithColumns(WithColumns w)
    {
        var input = Compile(w.Input);
        var existing = Names(w.Input);
        var replaced = w.Columns.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var col = Resolver(w.Input);
        var items = existing.Select(c => replaced.TryGetValue(c, out var a) ? $"{Expr(a.Child, col)} AS {Quote(a.Name)}" : Quote(c)).ToList();
        items.AddRange(w.Columns.Where(a => !existing.Contains(a.Name, StringComparer.OrdinalIgnoreCase)).Select(a => $"{Expr(a.Child, col)} AS {Quote(a.Name)}"));
        return $"SELECT {string.Join(", ", items)} FROM ({input}) AS {NextAlias()}";
    }

    private string CompileRename(WithColumnsRenamed r)
    {
        var input = Compile(r.Input);
        var map = r.Renames.ToDictionary(x => x.From, x => x.To, StringComparer.OrdinalIgnoreCase);
        var items = Names(r.Input).Select(c => map.TryGetValue(c, out var to) ? $"{Quote(c)} AS {Quote(to)}" : Quote(c));
        return $"SELECT {string.Join(", ", items)} FROM ({input}) AS {NextAlias()}";
    }

    private string CompileDrop(Drop d)
    {
        var input = Compile(d.Input);
        var keep = Names(d.Input).Where(c => !d.Columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (keep.Count == 0) throw new AnalysisException("Drop would remove every column.");
        return $"SELECT {string.Join(", ", keep.Select(Quote))} FROM ({input}) AS {NextAlias()}";
    }

    private string CompileAggregate(Aggregate a)
    {
        var items = a.Groupings.Concat(a.Aggregates).ToList();
        var sql = $"SELECT {SelectList(items, Resolver(a.Input))} FROM ({Compile(a.Input)}) AS {NextAlias()}";
        return a.Groupings.IsEmpty ? sql : sql + " GROUP BY " + string.Join(", ", Enumerable.Range(1, a.Groupings.Length));
    }

    private string CompileJoin(Join j)
    {
        var left = Compile(j.Left);
        var right = Compile(j.Right);
        var (la, ra) = (NextAlias(), NextAlias());
        var cartesian = j.Condition is null && j.UsingColumns.IsEmpty;
        var kind = j.Type switch
        {
            JoinType.Inner => "INNER JOIN",
            JoinType.LeftOuter => "LEFT JOIN",
            JoinType.RightOuter => "RIGHT JOIN",
            JoinType.FullOuter => "FULL JOIN",
            JoinType.LeftSemi => "SEMI JOIN",
            JoinType.LeftAnti => "ANTI JOIN",
            // Spark runs a "cross" join that has a condition or using columns as an inner join on them.
            JoinType.Cross => cartesian ? "CROSS JOIN" : "INNER JOIN",
            _ => throw new OperationNotSupportedException(EngineName, $"join type {j.Type}"),
        };
        if (j.Type == JoinType.Cross && cartesian)
            return $"SELECT {la}.*, {ra}.* FROM ({left}) AS {la} CROSS JOIN ({right}) AS {ra}";
        if (!j.UsingColumns.IsEmpty)
        {
            var on = string.Join(" AND ", j.UsingColumns.Select(c => $"{la}.{Quote(c)} = {ra}.{Quote(c)}"));
            if (j.Type is JoinType.LeftSemi or JoinType.LeftAnti)
                return $"SELECT {la}.* FROM ({left}) AS {la} {kind} ({right}) AS {ra} ON {on}";
            // Spark's output: the using columns once (coalesced for outer joins), then the rest of left, then the rest of right.
            var keys = j.UsingColumns.Select(c => j.Type switch
            {
                JoinType.FullOuter => $"COALESCE({la}.{Quote(c)}, {ra}.{Quote(c)}) AS {Quote(c)}",
                JoinType.RightOuter => $"{ra}.{Quote(c)} AS {Quote(c)}",
                _ => $"{la}.{Quote(c)} AS {Quote(c)}",
            });
            var rest = OutputColumns(j, Names(j.Left), Names(j.Right)).Where(c => c.Side != JoinSide.Key)
                .Select(c => $"{(c.Side == JoinSide.Left ? la : ra)}.{Quote(c.Name)}");
            return $"SELECT {string.Join(", ", keys.Concat(rest))} FROM ({left}) AS {la} {kind} ({right}) AS {ra} ON {on}";
        }
        if (j.Condition is null)
            throw new AnalysisException("A join needs using columns or a condition (use CrossJoin for a cartesian product).");
        string Qualify(ColumnRef c) =>
            c.Owner is not null && Contains(j.Left, c.Owner) ? $"{la}.{Quote(c.Name)}"
            : c.Owner is not null && Contains(j.Right, c.Owner) ? $"{ra}.{Quote(c.Name)}"
            : Quote(c.Name);
        var select = j.Type is JoinType.LeftSemi or JoinType.LeftAnti ? $"{la}.*" : $"{la}.*, {ra}.*";
        return $"SELECT {select} FROM ({left}) AS {la} {kind} ({right}) AS {ra} ON {Expr(j.Condition, new Scope(Qualify, name => ColumnTypeOf(j.Left, name) ?? ColumnTypeOf(j.Right, name)))}";
    }

    private static bool Contains(Relation tree, Relation node) =>
        ReferenceEquals(tree, node) || tree.Children.Any(c => Contains(c, node));

    private string CompileUnionByName(SetOp u)
    {
        var left = Compile(u.Left);
        var right = Compile(u.Right);
        if (!u.AllowMissingColumns)
        {
            var l = Names(u.Left).Select(c => c.ToLowerInvariant()).Order().ToList();
            var r = Names(u.Right).Select(c => c.ToLowerInvariant()).Order().ToList();
            if (!l.SequenceEqual(r))
                throw new AnalysisException($"UnionByName: the sides have different columns ({string.Join(", ", l.Except(r).Concat(r.Except(l)))}); pass allowMissingColumns: true to fill them with NULL.");
        }
        return $"SELECT * FROM ({left}) UNION ALL BY NAME SELECT * FROM ({right})";
    }

    /// <summary>Compiles an expression; <paramref name="col"/> renders column references for the current scope.</summary>
    public string Expr(Expr e, Scope col) => e switch
    {
        ColumnRef c => col.Render(c),
        Star => "*",
        Literal l => DuckDbDialect.Literal(l.Value, l.Type),
        Alias a => $"{Expr(a.Child, col)} AS {Quote(a.Name)}",
        // Spark truncates toward zero when casting 1.7 or '1.7' to an integer; DuckDB rounds. DECIMAL(38,10) holds every
        // BIGINT exactly, so truncating through it changes nothing else.
        // floor and ceil give whole numbers (Plan.Lowering casts them to bigint): nothing to truncate.
        Cast { Type: Sql.Types.LongType, Child: LoweredCall { Call.Name: "floor" or "ceil" } } c => $"CAST({Expr(c.Child, col)} AS BIGINT)",
        // A timestamp always has a date: nothing to fail (to_date(s, fmt) is lowered to this).
        Cast { Type: Sql.Types.DateType } c when ExprTypes.Of(c.Child, col.ColumnType) is Sql.Types.TimestampType => $"CAST({Expr(c.Child, col)} AS DATE)",
        Cast { Type: Sql.Types.IntegerType or Sql.Types.LongType } c =>
            $"TRY_CAST(trunc(TRY_CAST({Expr(c.Child, col)} AS DECIMAL(38,10))) AS {TypeName(c.Type)})",
        Cast c => $"TRY_CAST({Expr(c.Child, col)} AS {TypeName(c.Type)})",
        CaseWhen cw => "CASE " + string.Join(" ", cw.Branches.Select(b => $"WHEN {Expr(b.Condition, col)} THEN {Expr(b.Value, col)}"))
            + (cw.Else is null ? "" : $" ELSE {Expr(cw.Else, col)}") + " END",
        SortOrder s => $"{Expr(s.Child, col)} {(s.Ascending ? "ASC" : "DESC")} NULLS {(s.NullsFirst ? "FIRST" : "LAST")}",
        WindowExpr w => IntegerResult(w.Function,
            $"{(w.Function is FunctionCall wf ? Function(wf, col) : Expr(w.Function, col))} OVER ({WindowClause(w, col)})"),
        FunctionCall f => Lowering.Lower(f) is { } lowered ? Expr(lowered, col) : IntegerResult(f, Function(f, col)),
        LoweredCall l => IntegerResult(l.Call, Function(l.Call, col)),
        _ => throw new OperationNotSupportedException(EngineName, e.GetType().Name),
    };

    /// <summary>
    /// The catalogue types these functions INT (Spark's type); DuckDB's builtins return BIGINT, so results and Parquet columns
    /// would differ: cast.
    /// </summary>
    private static string IntegerResult(Expr e, string sql) =>
        e is FunctionCall f && FunctionCatalogue.Find(f.Name)?.FixedResultType is Sql.Types.IntegerType ? $"CAST({sql} AS INTEGER)" : sql;

    private string WindowClause(WindowExpr w, Scope col)
    {
        var parts = new List<string>();
        if (!w.PartitionBy.IsEmpty) parts.Add("PARTITION BY " + string.Join(", ", w.PartitionBy.Select(p => Expr(p, col))));
        if (!w.OrderBy.IsEmpty) parts.Add("ORDER BY " + string.Join(", ", w.OrderBy.Select(o => Expr(o, col))));
        if (w.Frame is { } fr) parts.Add($"ROWS BETWEEN {Bound(fr.Start)} AND {Bound(fr.End)}");
        return string.Join(" ", parts);
    }

    private static string Bound(long b) => b switch
    {
        long.MinValue => "UNBOUNDED PRECEDING",
        long.MaxValue => "UNBOUNDED FOLLOWING",
        0 => "CURRENT ROW",
        < 0 => $"{-b} PRECEDING",
        _ => $"{b} FOLLOWING",
    };

    private string Function(FunctionCall f, Scope col)
    {
        var args = f.Args.Select(a => Expr(a, col)).ToList();
        if (!DuckDbFunctions.Emitters.TryGetValue(f.Name, out var emit) || !FunctionCatalogue.Contains(f.Name))
            throw new OperationNotSupportedException(EngineName, $"function {f.Name}");
        return emit(new DuckDbCall(f, args, i => i < f.Args.Length ? ExprTypes.Of(f.Args[i], col.ColumnType) : null));
    }

    /// <summary>Functions of the catalogue this compiler emits, for tests and graceful CLI errors.</summary>
    public static bool SupportsFunction(string sparkName) =>
        FunctionCatalogue.Contains(sparkName) && DuckDbFunctions.Emitters.ContainsKey(sparkName);
}
