namespace CovidSpark.Rehearsal.Iam;

/// <summary>One authorisation IAM makes for a request: an action on one resource, with the request's condition context.</summary>
/// <param name="Action">e.g. <c>dynamodb:PutItem</c>.</param>
/// <param name="Resource">The ARN the action is on, or <c>*</c> for actions without a resource (ListClusters, RunJobFlow).</param>
/// <param name="Context">Condition keys the request carries (e.g. <c>dynamodb:LeadingKeys</c>, <c>elasticmapreduce:RequestTag/covidspark:cluster</c>).</param>
public sealed record AwsAuthorization(string Action, string Resource, IReadOnlyDictionary<string, IReadOnlyList<string>> Context)
{
    /// <summary>An authorisation without condition context.</summary>
    public static AwsAuthorization Of(string action, string resource) => new(action, resource, new Dictionary<string, IReadOnlyList<string>>());
}

/// <summary>What the policy says about one authorisation, and the statement that decided it.</summary>
public sealed record PolicyDecision(bool Allowed, string? Statement, string? Reason);

/// <summary>
/// IAM's evaluation of identity policies for one request, as far as the rehearsal needs it: an explicit Deny wins, else an Allow
/// whose Action, Resource (with <c>*</c>/<c>?</c> wildcards, case-sensitive ARNs, case-insensitive actions) and every Condition
/// match; otherwise implicitly denied. Condition operators: String(Not)Equals, String(Not)Like (with <c>IfExists</c> and the
/// <c>ForAllValues:</c>/<c>ForAnyValue:</c> set qualifiers), <c>Null</c> and <c>Bool</c>. A key the request does not carry fails a
/// plain condition, passes an <c>IfExists</c> or <c>ForAllValues</c> one — as in IAM.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Evaluates <paramref name="request"/> against <paramref name="statements"/>.</summary>
    public static PolicyDecision Evaluate(IReadOnlyList<PolicyStatement> statements, AwsAuthorization request)
    {
        string? allowedBy = null;
        string? nearMiss = null;
        foreach (var s in statements)
        {
            if (!s.Actions.Any(a => Like(a, request.Action, ignoreCase: true)) || !s.Resources.Any(r => Like(r, request.Resource, ignoreCase: false))) continue;
            var failed = FailedCondition(s, request.Context);
            if (failed is not null)
            {
                nearMiss ??= $"statement {s.Sid} matches the action and resource but not its condition {failed}";
                continue;
            }
            if (!s.Allow) return new PolicyDecision(false, s.Sid, $"explicitly denied by statement {s.Sid}");
            allowedBy ??= s.Sid;
        }
        return allowedBy is not null
            ? new PolicyDecision(true, allowedBy, null)
            : new PolicyDecision(false, null, nearMiss ?? "no statement allows this action on this resource");
    }

    /// <summary>True when some Allow statement names an action matching <paramref name="action"/> (resource and conditions aside).</summary>
    public static bool Mentions(IEnumerable<PolicyStatement> statements, string action) =>
        statements.Any(s => s.Allow && s.Actions.Any(a => Like(a, action, ignoreCase: true)));

    private static string? FailedCondition(PolicyStatement s, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        foreach (var (op, keys) in s.Conditions)
            foreach (var (key, expected) in keys)
            {
                var actual = context.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
                if (!Holds(op, actual, expected)) return $"{op} {key}";
            }
        return null;
    }

    private static bool Holds(string op, IReadOnlyList<string>? actual, IReadOnlyList<string> expected)
    {
        if (op == "Null")
            return expected.All(e => bool.TryParse(e, out var wantNull) && wantNull == (actual is null || actual.Count == 0));
        var forAll = op.StartsWith("ForAllValues:", StringComparison.Ordinal);
        var forAny = op.StartsWith("ForAnyValue:", StringComparison.Ordinal);
        var bare = forAll ? op["ForAllValues:".Length..] : forAny ? op["ForAnyValue:".Length..] : op;
        var ifExists = bare.EndsWith("IfExists", StringComparison.Ordinal);
        if (ifExists) bare = bare[..^"IfExists".Length];
        if (actual is null || actual.Count == 0) return forAll || ifExists;
        Func<string, bool> one = bare switch
        {
            "StringEquals" => v => expected.Contains(v, StringComparer.Ordinal),
            "StringEqualsIgnoreCase" => v => expected.Contains(v, StringComparer.OrdinalIgnoreCase),
            "StringNotEquals" => v => !expected.Contains(v, StringComparer.Ordinal),
            "StringLike" => v => expected.Any(e => Like(e, v, ignoreCase: false)),
            "StringNotLike" => v => !expected.Any(e => Like(e, v, ignoreCase: false)),
            "ArnEquals" or "ArnLike" => v => expected.Any(e => Like(e, v, ignoreCase: false)),
            "Bool" => v => expected.Contains(v, StringComparer.OrdinalIgnoreCase),
            _ => _ => false,
        };
        return forAny ? actual.Any(one) : actual.All(one);
    }

    /// <summary>IAM wildcard match: <c>*</c> any run of characters, <c>?</c> one character.</summary>
    public static bool Like(string pattern, string value, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0 && pattern[p] != '*'))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
