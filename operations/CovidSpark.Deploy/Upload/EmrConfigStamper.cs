using System.Text.Json;
using System.Text.Json.Nodes;

namespace CovidSpark.Deploy.Upload;

/// <summary>The stack's names that emr-config.json must agree with.</summary>
/// <param name="Bucket">The data-lake bucket (<c>bucket</c>).</param>
/// <param name="LedgerTable">The ledger table (<c>ledgerTable</c>).</param>
/// <param name="ServiceRole">EMR service role (<c>cluster.serviceRole</c>).</param>
/// <param name="JobFlowRole">EMR instance profile (<c>cluster.jobFlowRole</c>).</param>
public sealed record StackNames(string Bucket, string LedgerTable, string ServiceRole, string JobFlowRole);

/// <summary>One value of emr-config.json that the deployment replaced.</summary>
public sealed record StampedValue(string Path, string? Before, string After);

/// <summary>
/// Fills the stack's bucket, ledger table and EMR roles into the copy of emr-config.json that is uploaded for the launcher,
/// so the file in the repository can keep example values and the deployed one always matches the stack.
/// </summary>
public static class EmrConfigStamper
{
    /// <summary>Writes the stamped copy of <paramref name="sourcePath"/> to <paramref name="targetPath"/> and returns what changed.</summary>
    /// <exception cref="ArtifactException">The file is not a JSON object or has no <c>cluster</c> object.</exception>
    public static IReadOnlyList<StampedValue> Stamp(string sourcePath, string targetPath, StackNames names)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(sourcePath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new ArtifactException(sourcePath, "is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ArtifactException(sourcePath, $"is not valid JSON: {e.Message}", e);
        }
        if (root["cluster"] is not JsonObject cluster)
            throw new ArtifactException(sourcePath, "has no 'cluster' object; is it an emr-config.json?");

        var changes = new List<StampedValue>();
        Set(root, "bucket", "bucket", names.Bucket, changes);
        Set(root, "ledgerTable", "ledgerTable", names.LedgerTable, changes);
        Set(cluster, "serviceRole", "cluster.serviceRole", names.ServiceRole, changes);
        Set(cluster, "jobFlowRole", "cluster.jobFlowRole", names.JobFlowRole, changes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
        File.WriteAllText(targetPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return changes;
    }

    /// <summary>The <c>cluster.name</c> of a configuration file, or null when it has none.</summary>
    public static string? ClusterName(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                ?["cluster"]?["name"] is JsonValue v && v.TryGetValue<string>(out var name) && name.Length > 0 ? name : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Set(JsonObject obj, string property, string path, string value, List<StampedValue> changes)
    {
        var before = obj[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (before == value) return;
        obj[property] = value;
        changes.Add(new StampedValue(path, before, value));
    }
}
