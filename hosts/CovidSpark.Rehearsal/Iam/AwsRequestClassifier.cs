using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CovidSpark.Rehearsal.Iam;

/// <summary>A request as it went over the wire, with moto's answer.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query, undecoded.</param>
/// <param name="Headers">Request headers (first value of each).</param>
/// <param name="Body">Request body.</param>
/// <param name="Status">Response status code.</param>
/// <param name="ResponseBody">Response body.</param>
public sealed record WireExchange(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status, byte[] ResponseBody);

/// <summary>
/// Turns a signed AWS request into the authorisations IAM makes for it: the caller's access key (from the SigV4
/// <c>Authorization</c> header), the action (the <c>X-Amz-Target</c> header of JSON protocols; method, path and query for S3;
/// <c>Action=</c> of query protocols), the resource ARNs it touches and the condition context (DynamoDB leading keys and
/// attributes, EMR request and resource tags, the service a role is passed to). Actions a call implies are added, as IAM checks
/// them: <c>RunJobFlow</c> passes its two roles (<c>iam:PassRole</c>) and tags the new cluster (<c>elasticmapreduce:AddTags</c>).
/// Stateful where AWS is: the tags of clusters created through it, and the stream each shard iterator belongs to.
/// </summary>
public sealed class AwsRequestClassifier(string region, string account)
{
    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _clusterTags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _iteratorStreams = new(StringComparer.Ordinal);

    /// <summary>The access key id that signed the request, or null for an unsigned one.</summary>
    public static string? AccessKeyOf(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Authorization", out var auth)) return null;
        var at = auth.IndexOf("Credential=", StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + "Credential=".Length;
        var slash = auth.IndexOf('/', start);
        return slash < 0 ? null : auth[start..slash];
    }

    /// <summary>The authorisations of one exchange (empty for requests that are not AWS API calls).</summary>
    public IReadOnlyList<AwsAuthorization> Classify(WireExchange x)
    {
        if (x.Headers.TryGetValue("X-Amz-Target", out var target)) return Json(target, x);
        var service = ScopeService(x.Headers);
        if (service == "s3") return S3(x);
        return [];
    }

    private List<AwsAuthorization> Json(string target, WireExchange x)
    {
        var dot = target.LastIndexOf('.');
        var (prefix, operation) = (target[..dot], target[(dot + 1)..]);
        var body = ParseObject(x.Body);
        var response = x.Status < 300 ? ParseObject(x.ResponseBody) : null;
        if (prefix.StartsWith("DynamoDBStreams", StringComparison.Ordinal)) return Streams(operation, body, response);
        if (prefix.StartsWith("DynamoDB", StringComparison.Ordinal)) return DynamoDb(operation, body);
        if (prefix == "ElasticMapReduce") return Emr(operation, body, response);
        if (prefix == "AWSGlue") return Glue(operation, body);
        if (prefix == "AmazonSSM")
            return [AwsAuthorization.Of($"ssm:{operation}", (string?)body?["Name"] is { } name ? $"arn:aws:ssm:{region}:{account}:parameter{(name.StartsWith('/') ? "" : "/")}{name}" : "*")];
        return [AwsAuthorization.Of($"{prefix.ToLowerInvariant()}:{operation}", "*")];
    }

    /// <summary>
    /// Glue authorises a call on the catalog, the database and (for table calls) the table, each an ARN of its own; the
    /// target's prefix (<c>AWSGlue</c>) is not the IAM service name (<c>glue</c>).
    /// </summary>
    private List<AwsAuthorization> Glue(string operation, JsonObject? body)
    {
        var action = $"glue:{operation}";
        var arn = $"arn:aws:glue:{region}:{account}";
        var resources = new List<string> { $"{arn}:catalog" };
        if (operation.Contains("Database", StringComparison.Ordinal))
        {
            if (((string?)body?["Name"] ?? (string?)body?["DatabaseInput"]?["Name"]) is { } database) resources.Add($"{arn}:database/{database}");
        }
        else if ((string?)body?["DatabaseName"] is { } database)
        {
            resources.Add($"{arn}:database/{database}");
            var table = (string?)body?["Name"] ?? (string?)body?["TableInput"]?["Name"] ?? "*";
            resources.Add($"{arn}:table/{database}/{table}");
        }
        return [.. resources.Select(r => AwsAuthorization.Of(action, r))];
    }

    private string Table(string name) => $"arn:aws:dynamodb:{region}:{account}:table/{name}";

    private List<AwsAuthorization> DynamoDb(string operation, JsonObject? body)
    {
        var action = $"dynamodb:{operation}";
        if (operation == "BatchGetItem" || operation == "BatchWriteItem")
        {
            var calls = new List<AwsAuthorization>();
            foreach (var (table, spec) in body?["RequestItems"]?.AsObject() ?? [])
            {
                var items = operation == "BatchGetItem"
                    ? spec!["Keys"]!.AsArray().Select(k => k!.AsObject())
                    : spec!.AsArray().Select(w => (w!["PutRequest"]?["Item"] ?? w["DeleteRequest"]?["Key"])!.AsObject());
                calls.Add(new AwsAuthorization(action, Table(table), new Dictionary<string, IReadOnlyList<string>>
                {
                    ["dynamodb:LeadingKeys"] = items.Select(LeadingKey).OfType<string>().Distinct().ToList(),
                }));
            }
            return calls;
        }
        var tableName = (string?)body?["TableName"] ?? "";
        var resource = (string?)body?["IndexName"] is { } index ? $"{Table(tableName)}/index/{index}" : Table(tableName);
        var context = new Dictionary<string, IReadOnlyList<string>>();
        if ((body?["Key"] ?? body?["Item"]) is JsonObject key && LeadingKey(key) is { } leading) context["dynamodb:LeadingKeys"] = [leading];
        if (body?["Item"] is JsonObject item) context["dynamodb:Attributes"] = item.Select(kv => kv.Key).ToList();
        if (operation == "UpdateItem" && body?["ExpressionAttributeNames"] is JsonObject names)
            context["dynamodb:Attributes"] = names.Select(kv => kv.Value!.ToString()).Distinct().ToList();
        if (operation == "ListStreams") resource = $"{Table(tableName)}/stream/*";
        return [new AwsAuthorization(action, resource, context)];
    }

    /// <summary>The hash key value of an item or key (the first string attribute named <c>pk</c>, else the first attribute).</summary>
    private static string? LeadingKey(JsonObject key)
    {
        var pk = key["pk"] ?? key.FirstOrDefault().Value;
        return (string?)pk?["S"] ?? pk?["N"]?.ToString();
    }

    private List<AwsAuthorization> Streams(string operation, JsonObject? body, JsonObject? response)
    {
        string? arn = (string?)body?["StreamArn"];
        if (arn is null && (string?)body?["ShardIterator"] is { } iterator) arn = _iteratorStreams.GetValueOrDefault(iterator);
        if (arn is not null)
        {
            if ((string?)response?["ShardIterator"] is { } first) _iteratorStreams[first] = arn;
            if ((string?)response?["NextShardIterator"] is { } next) _iteratorStreams[next] = arn;
        }
        if (operation == "ListStreams") return [AwsAuthorization.Of("dynamodb:ListStreams", $"{Table((string?)body?["TableName"] ?? "*")}/stream/*")];
        return [AwsAuthorization.Of($"dynamodb:{operation}", arn ?? "(unknown stream)")];
    }

    private string Cluster(string id) => $"arn:aws:elasticmapreduce:{region}:{account}:cluster/{id}";

    private List<AwsAuthorization> Emr(string operation, JsonObject? body, JsonObject? response)
    {
        var action = $"elasticmapreduce:{operation}";
        if (operation == "RunJobFlow")
        {
            var tags = (body?["Tags"]?.AsArray() ?? []).ToDictionary(t => (string)t!["Key"]!, t => (string?)t!["Value"] ?? "", StringComparer.Ordinal);
            if ((string?)response?["JobFlowId"] is { } created) _clusterTags[created] = tags;
            var context = new Dictionary<string, IReadOnlyList<string>> { ["aws:TagKeys"] = tags.Keys.ToList() };
            foreach (var (k, v) in tags) context[$"elasticmapreduce:RequestTag/{k}"] = [v];
            var calls = new List<AwsAuthorization> { new(action, "*", context) };
            if (tags.Count > 0) calls.Add(new AwsAuthorization("elasticmapreduce:AddTags", "*", context));
            var passed = new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = ["elasticmapreduce.amazonaws.com"] };
            foreach (var role in new[] { (string?)body?["ServiceRole"], (string?)body?["JobFlowRole"] }.OfType<string>().Distinct(StringComparer.Ordinal))
                calls.Add(new AwsAuthorization("iam:PassRole", $"arn:aws:iam::{account}:role/{role}", passed));
            return calls;
        }
        var id = (string?)body?["ClusterId"] ?? (string?)body?["JobFlowId"] ?? (string?)body?["ResourceId"];
        if (id is null) return [AwsAuthorization.Of(action, "*")];
        var resourceContext = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (k, v) in _clusterTags.GetValueOrDefault(id) ?? []) resourceContext[$"elasticmapreduce:ResourceTag/{k}"] = [v];
        return [new AwsAuthorization(action, Cluster(id), resourceContext)];
    }

    private static List<AwsAuthorization> S3(WireExchange x)
    {
        var q = x.Path.IndexOf('?');
        var path = Uri.UnescapeDataString(q < 0 ? x.Path : x.Path[..q]).TrimStart('/');
        var query = q < 0 ? "" : x.Path[(q + 1)..];
        var slash = path.IndexOf('/');
        var bucket = slash < 0 ? path : path[..slash];
        var key = slash < 0 ? "" : path[(slash + 1)..];
        var bucketArn = $"arn:aws:s3:::{bucket}";
        if (key.Length == 0)
        {
            var bucketAction = x.Method switch
            {
                "GET" when query.Contains("location", StringComparison.Ordinal) => "s3:GetBucketLocation",
                "GET" or "HEAD" => "s3:ListBucket",
                "PUT" => "s3:CreateBucket",
                "DELETE" => "s3:DeleteBucket",
                _ => $"s3:{x.Method}Bucket",
            };
            return [AwsAuthorization.Of(bucketAction, bucketArn)];
        }
        var objectAction = x.Method switch
        {
            "GET" or "HEAD" => "s3:GetObject",
            "PUT" or "POST" when query.Contains("uploadId", StringComparison.Ordinal) || query.Contains("uploads", StringComparison.Ordinal) => "s3:PutObject",
            "PUT" => "s3:PutObject",
            "DELETE" when query.Contains("uploadId", StringComparison.Ordinal) => "s3:AbortMultipartUpload",
            "DELETE" => "s3:DeleteObject",
            _ => $"s3:{x.Method}Object",
        };
        return [AwsAuthorization.Of(objectAction, $"{bucketArn}/{key}")];
    }

    private static string? ScopeService(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Authorization", out var auth)) return null;
        var at = auth.IndexOf("Credential=", StringComparison.Ordinal);
        if (at < 0) return null;
        var end = auth.IndexOf(',', at);
        var scope = auth[(at + "Credential=".Length)..(end < 0 ? auth.Length : end)].Split('/');
        return scope.Length >= 4 ? scope[3] : null;
    }

    private static JsonObject? ParseObject(byte[] bytes)
    {
        if (bytes.Length == 0) return null;
        try { return JsonNode.Parse(Encoding.UTF8.GetString(bytes)) as JsonObject; }
        catch (JsonException) { return null; }
    }
}
