using System.Text.Json.Nodes;

namespace CovidSpark.Rehearsal.Iam;

/// <summary>One IAM policy statement with every intrinsic function of the template resolved to plain strings.</summary>
/// <param name="Sid">Statement id, or <c>#n</c> when it has none.</param>
/// <param name="Allow">True for <c>Effect: Allow</c>, false for <c>Deny</c>.</param>
/// <param name="Actions">Action patterns (<c>service:Name</c>, may hold <c>*</c> and <c>?</c>).</param>
/// <param name="Resources">Resource ARN patterns.</param>
/// <param name="Conditions">Operator → context key → accepted values.</param>
public sealed record PolicyStatement(string Sid, bool Allow, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Conditions)
{
    /// <summary>Reads a statement of a resolved policy document.</summary>
    /// <exception cref="FormatException">The statement has no Effect, Action or Resource, or uses NotAction/NotResource.</exception>
    public static PolicyStatement FromJson(JsonObject json, int index)
    {
        if (json.ContainsKey("NotAction") || json.ContainsKey("NotResource"))
            throw new FormatException($"statement {index}: NotAction/NotResource are not evaluated by the rehearsal");
        var effect = (string?)json["Effect"] ?? throw new FormatException($"statement {index}: no Effect");
        var conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var (op, keys) in json["Condition"]?.AsObject() ?? [])
            conditions[op] = keys!.AsObject().ToDictionary(k => k.Key, k => Strings(k.Value), StringComparer.OrdinalIgnoreCase);
        return new PolicyStatement((string?)json["Sid"] ?? $"#{index}", effect == "Allow",
            Strings(json["Action"] ?? throw new FormatException($"statement {index}: no Action")),
            Strings(json["Resource"] ?? throw new FormatException($"statement {index}: no Resource")), conditions);
    }

    private static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(v => v!.ToString()).ToList(),
        null => [],
        _ => [node.ToString()],
    };
}

/// <summary>The statements of one role's inline policies, as <c>deploy/template.yaml</c> defines them.</summary>
/// <param name="Role">The template's logical id, e.g. <c>LauncherRole</c>.</param>
/// <param name="Statements">Every statement of every inline policy.</param>
/// <param name="Documents">The resolved policy documents (JSON), one per inline policy, as IAM would receive them.</param>
public sealed record RolePolicy(string Role, IReadOnlyList<PolicyStatement> Statements, IReadOnlyList<string> Documents)
{
    /// <summary>
    /// The policy as moto can enforce it: the same allowed actions on <c>Resource: "*"</c> without conditions. moto authorises every
    /// request against resource <c>*</c> (so a statement naming an ARN never matches there) and turns a condition that does not hold into
    /// an explicit deny; resources and conditions are checked by <see cref="PolicyEvaluator"/> on the recorded calls instead.
    /// </summary>
    /// <param name="extra">Actions a rehearsal stand-in needs on top (never part of the role).</param>
    public string ActionsOnlyDocument(IEnumerable<string> extra)
    {
        var actions = new JsonArray(Statements.Where(s => s.Allow).SelectMany(s => s.Actions).Concat(extra).Distinct(StringComparer.Ordinal).Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        return new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = actions, ["Resource"] = "*" }),
        }.ToJsonString();
    }
}
