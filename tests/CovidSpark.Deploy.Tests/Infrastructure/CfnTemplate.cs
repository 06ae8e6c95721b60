using System.Text.Json.Nodes;

namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>
/// deploy/template.yaml as JSON: decoded by cfn-lint's own YAML loader (python3 -m cfnlint's <c>decode</c>), which turns
/// the short tags (!Ref, !GetAtt, !Sub, !If…) into their long JSON forms exactly as CloudFormation reads them.
/// </summary>
public sealed class CfnTemplate
{
    private const string Decoder = """
        import json, sys
        from cfnlint.decode import decode
        template, matches = decode(sys.argv[1])
        if matches:
            sys.stderr.write("\n".join(str(m) for m in matches))
            sys.exit(1)
        json.dump(template, sys.stdout)
        """;

    public CfnTemplate(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public static async Task<CfnTemplate> LoadAsync(string path)
    {
        var result = await Tools.RunAsync("python3", ["-c", Decoder, path]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"cannot decode {path}: {result.Error}");
        return new CfnTemplate(JsonNode.Parse(result.Output)!.AsObject());
    }

    /// <summary>A deep copy (to mutate in negative tests).</summary>
    public CfnTemplate Clone() => new(Root.DeepClone().AsObject());

    public JsonObject Resource(string logicalId) =>
        Resources[logicalId]?.AsObject() ?? throw new KeyNotFoundException($"resource {logicalId} not in the template");

    public JsonObject Properties(string logicalId) => Resource(logicalId)["Properties"]!.AsObject();

    public IEnumerable<(string Id, JsonObject Resource)> OfType(string type) =>
        Resources.Where(r => (string?)r.Value!["Type"] == type).Select(r => (r.Key, r.Value!.AsObject()));
}
