using System.Text.Json.Nodes;

namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>One statement of an inline policy of a role in the template.</summary>
public sealed record IamStatement(string Role, string Sid, string Effect, IReadOnlyList<string> Actions, IReadOnlyList<JsonNode> Resources, JsonObject? Condition);

/// <summary>Reads and judges the IAM statements of the template's roles.</summary>
public static class IamInspector
{
    /// <summary>
    /// Actions that have no resource-level permissions in IAM, so <c>Resource: "*"</c> is the only way to grant them
    /// (RunJobFlow/AddTags are still limited by a request-tag condition).
    /// </summary>
    public static readonly IReadOnlySet<string> StarResourceAllowed = new HashSet<string>
    {
        "elasticmapreduce:ListClusters", "elasticmapreduce:RunJobFlow", "elasticmapreduce:AddTags",
    };

    /// <summary>Every statement of every role's inline policies; both branches of <c>Fn::If</c> are included, NoValue dropped.</summary>
    public static IEnumerable<IamStatement> Statements(CfnTemplate template)
    {
        foreach (var (id, document) in PolicyDocuments(template))
        foreach (var s in Flatten(document["Statement"]!))
        {
            var stmt = s.AsObject();
            yield return new IamStatement(id, (string?)stmt["Sid"] ?? "", (string)stmt["Effect"]!,
                Flatten(stmt["Action"] ?? stmt["NotAction"]!).Select(a => (string)a!).ToList(),
                Flatten(stmt["Resource"] ?? stmt["NotResource"] ?? JsonValue.Create("*")).ToList(),
                stmt["Condition"]?.AsObject());
        }
    }

    /// <summary>Every role's inline policy documents, and every managed policy's document (under the policy's own logical id).</summary>
    private static IEnumerable<(string Id, JsonNode Document)> PolicyDocuments(CfnTemplate template)
    {
        foreach (var (id, role) in template.OfType("AWS::IAM::Role"))
        foreach (var policy in role["Properties"]?["Policies"]?.AsArray() ?? [])
            yield return (id, policy!["PolicyDocument"]!);
        foreach (var (id, managed) in template.OfType("AWS::IAM::ManagedPolicy"))
            yield return (id, managed["Properties"]!["PolicyDocument"]!);
    }

    /// <summary>The Allow statements of one role.</summary>
    public static IReadOnlyList<IamStatement> Allows(CfnTemplate template, string role) =>
        Statements(template).Where(s => s.Role == role && s.Effect == "Allow").ToList();

    /// <summary>Problems found: wildcard actions, NotAction/NotResource allows, and <c>Resource: "*"</c> where a resource is known.</summary>
    public static IReadOnlyList<string> Violations(CfnTemplate template)
    {
        var problems = new List<string>();
        foreach (var (id, document) in PolicyDocuments(template))
        foreach (var s in Flatten(document["Statement"]!))
        {
            var stmt = s.AsObject();
            if ((string?)stmt["Effect"] != "Allow") continue;
            if (stmt["NotAction"] is not null || stmt["NotResource"] is not null) problems.Add($"{id}: Allow with NotAction/NotResource");
        }
        foreach (var s in Statements(template).Where(s => s.Effect == "Allow"))
        {
            foreach (var a in s.Actions.Where(a => a.Contains('*')))
                problems.Add($"{s.Role}/{s.Sid}: wildcard action '{a}'");
            if (s.Resources.Any(r => r is JsonValue v && (string?)v == "*"))
                foreach (var a in s.Actions.Where(a => !StarResourceAllowed.Contains(a)))
                    problems.Add($"{s.Role}/{s.Sid}: '{a}' on Resource \"*\" although it supports resource-level permissions");
        }
        return problems;
    }

    /// <summary>Logical ids a node refers to through Ref, Fn::GetAtt or ${…} in Fn::Sub.</summary>
    public static IReadOnlySet<string> References(JsonNode? node)
    {
        var refs = new HashSet<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (k, v) in o)
                    {
                        if (k == "Ref" && v is JsonValue r) refs.Add((string)r!);
                        else if (k == "Fn::GetAtt" && v is JsonArray g) refs.Add((string)g[0]!);
                        else if (k == "Fn::Sub")
                        {
                            var text = v is JsonArray sa ? (string)sa[0]! : (string)v!;
                            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"\$\{([A-Za-z0-9]+)[.}]"))
                                refs.Add(m.Groups[1].Value);
                            if (v is JsonArray withVars) Walk(withVars[1]);
                        }
                        else Walk(v);
                    }
                    break;
                case JsonArray a:
                    foreach (var x in a) Walk(x);
                    break;
            }
        }
        Walk(node);
        return refs;
    }

    /// <summary>A scalar or list, with <c>Fn::If</c> expanded to both branches and <c>Ref: AWS::NoValue</c> removed.</summary>
    public static IEnumerable<JsonNode> Flatten(JsonNode node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
                foreach (var x in Flatten(item!)) yield return x;
            yield break;
        }
        if (node is JsonObject o && o.Count == 1 && o["Fn::If"] is JsonArray branches)
        {
            foreach (var x in Flatten(branches[1]!)) yield return x;
            foreach (var x in Flatten(branches[2]!)) yield return x;
            yield break;
        }
        if (node is JsonObject r && r.Count == 1 && (string?)r["Ref"] == "AWS::NoValue") yield break;
        yield return node;
    }
}
