namespace CovidSpark.Spark.Plan;

/// <summary>Which join's output a node's column names come from, for engines that must tell the two sides' columns apart.</summary>
public static class JoinScope
{
    /// <summary>
    /// The join whose output columns <paramref name="relation"/> passes on by name: the join itself, or filters, sorts, limits,
    /// distincts and new columns over it. Null otherwise, and for semi and anti joins (they output only their left side).
    /// </summary>
    public static Join? Below(Relation relation) => relation switch
    {
        Join { Type: not (JoinType.LeftSemi or JoinType.LeftAnti) } j => j,
        Filter f => Below(f.Input),
        Sort s => Below(s.Input),
        Limit l => Below(l.Input),
        Distinct d => Below(d.Input),
        WithColumns w => Below(w.Input),
        _ => null,
    };
}
