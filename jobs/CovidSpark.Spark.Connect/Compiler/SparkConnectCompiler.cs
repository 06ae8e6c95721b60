using System.Text.RegularExpressions;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using Proto = CovidSpark.Spark.Connect.Proto;
using PRel = CovidSpark.Spark.Connect.Proto.Relation;

namespace CovidSpark.Spark.Connect.Compiler;

/// <summary>
/// Compiles a logical plan to Spark Connect messages: one <c>Relation</c> per plan node (built fresh, never
/// shared), each with a plan id from the session's <see cref="PlanIdGenerator"/>. A relation that appears twice
/// in a plan keeps one id. SQL queries read temp views, which are sent first as <c>CreateDataFrameView</c>
/// commands (<see cref="CompiledPlan.Setup"/>). Anything not handled throws
/// <see cref="OperationNotSupportedException"/> at compile time; nothing is silently dropped.
/// One instance compiles one action.
/// </summary>
internal sealed partial class SparkConnectCompiler(PlanIdGenerator ids, SparkTarget? target = null)
{
    private readonly SparkTarget _target = target ?? SparkTarget.Default;
    private readonly Dictionary<Relation, long> _planIds = new(ReferenceEqualityComparer.Instance);
    private readonly List<Proto.Plan> _setup = [];
    private readonly Dictionary<string, Relation> _serverViews = new(StringComparer.OrdinalIgnoreCase);
    private readonly Stack<ViewScope> _scopes = new([new ViewScope()]);

    /// <summary>A query: its setup commands and its root relation.</summary>
    public CompiledPlan CompileQuery(Relation plan)
    {
        var root = Compile(plan);
        return new CompiledPlan([.. _setup], new Proto.Plan { Root = root });
    }

    /// <summary>A write: its setup commands and a <c>WriteOperation</c> command.</summary>
    public CompiledPlan CompileWrite(WriteCommand write)
    {
        var op = Write(write);
        return new CompiledPlan([.. _setup], new Proto.Plan { Command = new Proto.Command { WriteOperation = op } });
    }

    private PRel Compile(Relation relation)
    {
        if (!_planIds.TryGetValue(relation, out var id))
        {
            id = ids.Next();
            _planIds[relation] = id;
        }
        var rel = relation switch
        {
            ReadFiles r => Read(r),
            LocalRelation l => new PRel { LocalRelation = LocalRelationEncoder.Encode(l) },
            SqlQuery q => Sql(q),
            Project p => Project(p),
            Filter f => new PRel { Filter = new Proto.Filter { Input = Compile(f.Input), Condition = Expr(f.Condition, WithPlanIds(f.Input)) } },
            WithColumns w => WithColumns(w),
            WithColumnsRenamed r => Rename(r),
            Drop d => Drop(d),
            Aggregate a => Aggregate(a),
            Join j => Join(j),
            Sort s => Sort(s),
            Limit l => new PRel { Limit = new Proto.Limit { Input = Compile(l.Input), Limit_ = l.Count } },
            SetOp u => SetOp(u),
            Distinct d => new PRel { Deduplicate = new Proto.Deduplicate { Input = Compile(d.Input), AllColumnsAsKeys = true } },
            _ => throw new OperationNotSupportedException(ProtoTypes.EngineName, relation.GetType().Name),
        };
        rel.Common = new Proto.RelationCommon { PlanId = id };
        return rel;
    }

    private static PRel Read(ReadFiles r)
    {
        var source = new Proto.Read.Types.DataSource { Format = FormatName(r.Format) };
        source.Paths.AddRange(r.Paths);
        foreach (var (k, v) in r.Options) source.Options[k] = v;
        if (r.Format == FileFormat.Csv && !r.Options.ContainsKey("escape"))
            source.Options["escape"] = "\""; // RFC 4180 doubled quotes, as the DuckDB engine reads them (Spark's default is '\')
        if (r.Schema is not null) source.Schema = ProtoTypes.Ddl(r.Schema);
        return new PRel { Read = new Proto.Read { DataSource = source } };
    }

    internal static string FormatName(FileFormat format) => format switch
    {
        FileFormat.Csv => "csv",
        FileFormat.Parquet => "parquet",
        FileFormat.Delta => "delta",
        _ => throw new OperationNotSupportedException(ProtoTypes.EngineName, $"format {format}"),
    };

    /// <summary>
    /// A SQL query. The temp views it names (the latest registration of each name) are registered first with
    /// <c>CreateDataFrameView(replace=true)</c>, which works on Spark 3.5 and 4. Spark analyses a view when it is
    /// created, so a view whose own SQL reads other views keeps the versions it saw: their inputs are compiled
    /// (and their own views registered) before this query's views are registered.
    /// </summary>
    private PRel Sql(SqlQuery q)
    {
        var scope = _scopes.Peek();
        var needed = q.Views.Reverse().DistinctBy(v => v.Name.ToLowerInvariant()).Reverse()
            .Where(v => Regex.IsMatch(q.Query, $@"\b{Regex.Escape(v.Name)}\b", RegexOptions.IgnoreCase)).ToList();
        foreach (var view in needed)
        {
            if (scope.Required.TryGetValue(view.Name, out var other) && !ReferenceEquals(other, view.Plan))
                throw ViewConflict(view.Name);
            scope.Required[view.Name] = view.Plan;
        }
        var inputs = new List<(NamedView View, PRel Input)>();
        foreach (var view in needed)
        {
            _scopes.Push(new ViewScope());
            try { inputs.Add((view, Compile(view.Plan))); }
            finally { _scopes.Pop(); }
        }
        foreach (var (view, input) in inputs)
        {
            scope.Registered.Add(view.Name);
            if (_serverViews.TryGetValue(view.Name, out var current) && ReferenceEquals(current, view.Plan)) continue;
            // A scope that is analysed later must still see the version it registered.
            if (_scopes.Any(s => s.Registered.Contains(view.Name) && !ReferenceEquals(s.Required[view.Name], view.Plan)))
                throw ViewConflict(view.Name);
            _setup.Add(new Proto.Plan
            {
                Command = new Proto.Command
                {
                    CreateDataframeView = new Proto.CreateDataFrameViewCommand { Input = input, Name = view.Name, IsGlobal = false, Replace = true },
                },
            });
            _serverViews[view.Name] = view.Plan;
        }
        return new PRel { Sql = new Proto.SQL { Query = q.Query.Trim().TrimEnd(';') } };
    }

    private static OperationNotSupportedException ViewConflict(string name) =>
        new(ProtoTypes.EngineName, $"one plan whose SQL queries see different versions of temp view '{name}'",
            "Register the newer version under a new name");

    /// <summary>The temp views one SQL scope (the main plan or a view's input) needs, and which it registered already.</summary>
    private sealed class ViewScope
    {
        public Dictionary<string, Relation> Required { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Registered { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Unaliased expressions get the name the DuckDB engine gives them, so both engines name columns alike.</summary>
    /// <summary>
    /// True when the node reads a join's output (<see cref="JoinScope.Below"/>): columns taken from a DataFrame (<c>right["v"]</c>)
    /// then carry its plan id, so Spark resolves a name both join sides have to the side it was taken from — what the DuckDB engine
    /// does — and a bare <c>Col("v")</c> stays ambiguous on both.
    /// </summary>
    private static bool WithPlanIds(Relation input) => JoinScope.Below(input) is not null;

    private Proto.Expression Named(Expr e, bool withPlanIds) => e switch
    {
        Star or ColumnRef or Alias => Expr(e, withPlanIds),
        _ => Expr(new Alias(e, ExprNames.Of(e)), withPlanIds),
    };

    private PRel Project(Project p)
    {
        var project = new Proto.Project { Input = Compile(p.Input) };
        project.Expressions.AddRange(p.Expressions.Select(e => Named(e, WithPlanIds(p.Input))));
        return new PRel { Project = project };
    }

    private PRel WithColumns(WithColumns w)
    {
        var with = new Proto.WithColumns { Input = Compile(w.Input) };
        with.Aliases.AddRange(w.Columns.Select(a => Expr(a, WithPlanIds(w.Input)).Alias));
        return new PRel { WithColumns = with };
    }

    private PRel Rename(WithColumnsRenamed r)
    {
        var rename = new Proto.WithColumnsRenamed { Input = Compile(r.Input) };
        foreach (var (from, to) in r.Renames) rename.RenameColumnsMap[from] = to;
        return new PRel { WithColumnsRenamed = rename };
    }

    private PRel Drop(Drop d)
    {
        var drop = new Proto.Drop { Input = Compile(d.Input) };
        drop.ColumnNames.AddRange(d.Columns);
        return new PRel { Drop = drop };
    }

    private PRel Aggregate(Aggregate a)
    {
        var agg = new Proto.Aggregate { Input = Compile(a.Input), GroupType = Proto.Aggregate.Types.GroupType.Groupby };
        var withPlanIds = WithPlanIds(a.Input);
        agg.GroupingExpressions.AddRange(a.Groupings.Select(e => Named(e, withPlanIds)));
        agg.AggregateExpressions.AddRange(a.Aggregates.Select(e => Named(e, withPlanIds)));
        return new PRel { Aggregate = agg };
    }

    private PRel Join(Join j)
    {
        var join = new Proto.Join
        {
            Left = Compile(j.Left),
            Right = Compile(j.Right),
            JoinType = j.Type switch
            {
                JoinType.Inner => Proto.Join.Types.JoinType.Inner,
                JoinType.LeftOuter => Proto.Join.Types.JoinType.LeftOuter,
                JoinType.RightOuter => Proto.Join.Types.JoinType.RightOuter,
                JoinType.FullOuter => Proto.Join.Types.JoinType.FullOuter,
                JoinType.LeftSemi => Proto.Join.Types.JoinType.LeftSemi,
                JoinType.LeftAnti => Proto.Join.Types.JoinType.LeftAnti,
                JoinType.Cross => Proto.Join.Types.JoinType.Cross,
                _ => throw new OperationNotSupportedException(ProtoTypes.EngineName, $"join type {j.Type}"),
            },
        };
        // A cross join with keys or a condition is an inner join on them (Spark and the DuckDB engine agree).
        if (j.Type == JoinType.Cross && j.UsingColumns.IsEmpty && j.Condition is null) return new PRel { Join = join };
        if (!j.UsingColumns.IsEmpty)
            join.UsingColumns.AddRange(j.UsingColumns);
        else if (j.Condition is not null)
            join.JoinCondition = Expr(j.Condition, withPlanIds: true);
        else
            throw new AnalysisException("A join needs using columns or a condition (use CrossJoin for a cartesian product).");
        return new PRel { Join = join };
    }

    private PRel Sort(Sort s)
    {
        var sort = new Proto.Sort { Input = Compile(s.Input), IsGlobal = true };
        sort.Order.AddRange(s.Order.Select(o => SortOrder(o, WithPlanIds(s.Input))));
        return new PRel { Sort = sort };
    }

    private PRel SetOp(SetOp u) => new()
    {
        SetOp = new Proto.SetOperation
        {
            LeftInput = Compile(u.Left),
            RightInput = Compile(u.Right),
            SetOpType = Proto.SetOperation.Types.SetOpType.Union,
            IsAll = true,
            ByName = u.Kind == SetOpKind.UnionByName,
            AllowMissingColumns = u.Kind == SetOpKind.UnionByName && u.AllowMissingColumns,
        },
    };

    private Proto.WriteOperation Write(WriteCommand w)
    {
        var op = new Proto.WriteOperation
        {
            Input = Compile(w.Input),
            Source = FormatName(w.Format),
            Path = w.Path,
            Mode = w.Mode switch
            {
                SaveMode.Append => Proto.WriteOperation.Types.SaveMode.Append,
                SaveMode.Overwrite => Proto.WriteOperation.Types.SaveMode.Overwrite,
                SaveMode.ErrorIfExists => Proto.WriteOperation.Types.SaveMode.ErrorIfExists,
                SaveMode.Ignore => Proto.WriteOperation.Types.SaveMode.Ignore,
                _ => throw new OperationNotSupportedException(ProtoTypes.EngineName, $"save mode {w.Mode}"),
            },
        };
        op.PartitioningColumns.AddRange(w.PartitionBy);
        foreach (var (k, v) in w.Options) op.Options[k] = v;
        if (w.Format == FileFormat.Csv && !w.Options.ContainsKey("header"))
            op.Options["header"] = "true"; // the DuckDB engine writes a header line; Spark's default is none
        return op;
    }
}
