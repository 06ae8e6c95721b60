using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace CovidSpark.Rehearsal.Iam;

/// <summary>
/// Reads the inline policies of a role from the CloudFormation template and resolves the intrinsic functions they use
/// (<c>!Sub</c>, <c>!Ref</c>, <c>!GetAtt</c>, <c>!If</c>, <c>!Join</c>, <c>AWS::NoValue</c>, short and long forms) against the values a
/// stack would have: <paramref name="values"/> holds parameters, pseudo parameters (<c>AWS::Region</c>…) and attributes
/// (<c>LedgerTable.Arn</c>); <paramref name="conditions"/> the template conditions an <c>!If</c> may name.
/// </summary>
public sealed class TemplatePolicies(string templatePath, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, bool> conditions)
{
    private YamlMappingNode? _resources;

    /// <summary>The role's statements and resolved documents.</summary>
    /// <exception cref="RehearsalException">The template cannot be read, the role is missing, or a value it needs is not known.</exception>
    public RolePolicy Role(string logicalId)
    {
        var resources = _resources ??= Load();
        if (!resources.Children.TryGetValue(new YamlScalarNode(logicalId), out var role) || role is not YamlMappingNode roleMap)
            throw new RehearsalException("template", $"{templatePath} has no resource {logicalId}");
        var properties = (YamlMappingNode)roleMap.Children[new YamlScalarNode("Properties")];
        var statements = new List<PolicyStatement>();
        var documents = new List<string>();
        if (properties.Children.TryGetValue(new YamlScalarNode("Policies"), out var policies))
        {
            foreach (var policy in ((YamlSequenceNode)policies).Children.Cast<YamlMappingNode>())
            {
                var document = Resolve(policy.Children[new YamlScalarNode("PolicyDocument")], $"{logicalId}.Policies")!.AsObject();
                documents.Add(document.ToJsonString());
                var list = document["Statement"]!.AsArray();
                for (var i = 0; i < list.Count; i++)
                {
                    try { statements.Add(PolicyStatement.FromJson(list[i]!.AsObject(), statements.Count)); }
                    catch (FormatException e) { throw new RehearsalException("template", $"{templatePath}: {logicalId}: {e.Message}", e); }
                }
            }
        }
        return new RolePolicy(logicalId, statements, documents);
    }

    private YamlMappingNode Load()
    {
        try
        {
            using var reader = new StreamReader(templatePath);
            var yaml = new YamlStream();
            yaml.Load(reader);
            return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("Resources")];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or InvalidCastException or KeyNotFoundException)
        {
            throw new RehearsalException("template", $"{templatePath} cannot be read as a CloudFormation template: {e.Message}", e);
        }
    }

    /// <summary>Sentinel for <c>!Ref AWS::NoValue</c>: the enclosing element is dropped.</summary>
    private static readonly JsonValue NoValue = JsonValue.Create("\u0000novalue");

    private JsonNode? Resolve(YamlNode node, string where)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null) return Function(tag.TrimStart('!'), node, where);
        switch (node)
        {
            case YamlScalarNode s:
                return JsonValue.Create(s.Value ?? "");
            case YamlSequenceNode seq:
            {
                var array = new JsonArray();
                foreach (var item in seq.Children)
                    if (Resolve(item, where) is { } v && !IsNoValue(v)) array.Add(v);
                return array;
            }
            case YamlMappingNode map:
            {
                if (map.Children.Count == 1 && map.Children.Keys.Single() is YamlScalarNode { Value: { } key } && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal)))
                    return Function(key == "Ref" ? "Ref" : key[4..], map.Children.Values.Single(), where);
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                    if (Resolve(v, where) is { } value && !IsNoValue(value)) obj[((YamlScalarNode)k).Value!] = value;
                return obj;
            }
            default:
                throw new RehearsalException("template", $"{templatePath}: {where}: unexpected YAML node {node.NodeType}");
        }
    }

    private JsonNode? Function(string name, YamlNode argument, string where)
    {
        switch (name)
        {
            case "Ref":
                var reference = Scalar(argument, where);
                return reference == "AWS::NoValue" ? NoValue : JsonValue.Create(Value(reference, where));
            case "GetAtt":
                var attribute = argument is YamlSequenceNode parts ? string.Join('.', parts.Children.Select(p => Scalar(p, where))) : Scalar(argument, where);
                return JsonValue.Create(Value(attribute, where));
            case "Sub":
                if (argument is YamlSequenceNode { Children.Count: 2 } withLocals)
                {
                    var locals = ((YamlMappingNode)withLocals.Children[1]).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Resolve(kv.Value, where)!.ToString());
                    return JsonValue.Create(Substitute(Scalar(withLocals.Children[0], where), where, locals));
                }
                return JsonValue.Create(Substitute(Scalar(argument, where), where, null));
            case "If":
                var branches = (YamlSequenceNode)argument;
                var condition = Scalar(branches.Children[0], where);
                if (!conditions.TryGetValue(condition, out var holds))
                    throw new RehearsalException("template", $"{templatePath}: {where}: condition {condition} has no value in the rehearsal");
                return Resolve(branches.Children[holds ? 1 : 2], where);
            case "Join":
                var join = (YamlSequenceNode)argument;
                var items = Resolve(join.Children[1], where)!.AsArray().Select(i => i!.ToString());
                return JsonValue.Create(string.Join(Scalar(join.Children[0], where), items));
            default:
                throw new RehearsalException("template", $"{templatePath}: {where}: intrinsic function {name} is not resolved by the rehearsal");
        }
    }

    private string Substitute(string text, string where, Dictionary<string, string>? locals)
    {
        var result = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0) { result.Append(text, i, text.Length - i); break; }
            var end = text.IndexOf('}', start);
            if (end < 0) throw new RehearsalException("template", $"{templatePath}: {where}: unclosed ${{ in \"{text}\"");
            result.Append(text, i, start - i);
            var name = text[(start + 2)..end];
            result.Append(locals?.GetValueOrDefault(name) ?? Value(name, where));
            i = end + 1;
        }
        return result.ToString();
    }

    private string Value(string name, string where) => values.TryGetValue(name, out var v)
        ? v
        : throw new RehearsalException("template", $"{templatePath}: {where}: {name} has no value in the rehearsal");

    private string Scalar(YamlNode node, string where) => node is YamlScalarNode { Value: { } v }
        ? v
        : throw new RehearsalException("template", $"{templatePath}: {where}: expected a plain value");

    private static bool IsNoValue(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == "\u0000novalue";
}
