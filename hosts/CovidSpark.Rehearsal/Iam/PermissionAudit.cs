namespace CovidSpark.Rehearsal.Iam;

/// <summary>An action a function needed that its role does not grant (on that resource, with that context).</summary>
/// <param name="Action">e.g. <c>dynamodb:BatchGetItem</c>.</param>
/// <param name="Resource">The resource it was called on.</param>
/// <param name="Reason">Why the role's policy does not allow it.</param>
/// <param name="Calls">How often it was called.</param>
public sealed record MissingPermission(string Action, string Resource, string Reason, int Calls);

/// <summary>What one function called and how that compares with its role in the template.</summary>
/// <param name="Function">launcher, tracker, notifier or job.</param>
/// <param name="Role">The role's logical id in the template.</param>
/// <param name="Called">Every action called, with its count.</param>
/// <param name="Missing">Calls the role does not allow: a deployment would fail there.</param>
/// <param name="Unused">Granted actions the rehearsal never called (with why, where the reason is known).</param>
/// <param name="DeniedByMoto">Calls moto itself answered with 403.</param>
public sealed record FunctionPermissions(string Function, string Role, IReadOnlyDictionary<string, int> Called, IReadOnlyList<MissingPermission> Missing,
    IReadOnlyList<string> Unused, int DeniedByMoto);

/// <summary>
/// Compares the calls each function made (recorded by <see cref="RecordingProxy"/>) with its role's policy: every call must be
/// allowed (action, resource and conditions, <see cref="PolicyEvaluator"/>); granted actions never called are listed, with the
/// reason where the rehearsal cannot exercise them (Lambda's own log writes, the stream mapping's dead-letter queue, KMS behind SSM).
/// </summary>
public static class PermissionAudit
{
    /// <summary>Granted actions the rehearsal cannot call, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotRehearsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["logs:CreateLogStream"] = "Lambda writes the function's logs with it",
        ["logs:PutLogEvents"] = "Lambda writes the function's logs with it",
        ["sqs:SendMessage"] = "the stream mapping sends failed batches to the dead-letter queue with it",
        ["kms:Decrypt"] = "SSM decrypts with it when the parameters use a customer key",
        ["elasticmapreduce:CancelSteps"] = "moto has no CancelSteps",
    };

    /// <summary>The audit of one function.</summary>
    public static FunctionPermissions Audit(string function, RolePolicy role, IEnumerable<RecordedCall> calls)
    {
        var mine = calls.Where(c => c.Principal == function).ToList();
        var called = mine.GroupBy(c => c.Authorization.Action, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = mine
            .Select(c => (Call: c, Decision: PolicyEvaluator.Evaluate(role.Statements, c.Authorization)))
            .Where(x => !x.Decision.Allowed)
            .GroupBy(x => (x.Call.Authorization.Action, x.Call.Authorization.Resource, x.Decision.Reason))
            .Select(g => new MissingPermission(g.Key.Action, g.Key.Resource, g.Key.Reason ?? "", g.Count()))
            .ToList();
        var unused = role.Statements.Where(s => s.Allow).SelectMany(s => s.Actions).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(a => !called.Keys.Any(c => PolicyEvaluator.Like(a, c, ignoreCase: true)))
            .Select(a => NotRehearsed.TryGetValue(a, out var why) ? $"{a} ({why})" : a)
            .ToList();
        return new FunctionPermissions(function, role.Role, called, missing, unused, mine.Count(c => c.Status == 403));
    }
}
