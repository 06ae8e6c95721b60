using System.Security.Cryptography;
using System.Text;

namespace CovidSpark.Aws.Tests;

/// <summary>
/// An independent SigV4 implementation written from the AWS documentation, used to cross-check AWSSDK.Core's signer:
/// it is itself pinned to the published test-suite vectors.
/// </summary>
internal static class SigV4Reference
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static string CanonicalRequest(string method, string path, string query, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, out string signedHeaders)
    {
        var sorted = headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(' ', h.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        signedHeaders = string.Join(';', sorted.Select(h => h.Name));
        var canonicalQuery = string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (K: Uri.EscapeDataString(p[0]), V: Uri.EscapeDataString(p.Length > 1 ? p[1] : "")))
            .OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal).Select(p => $"{p.K}={p.V}"));
        var canonicalPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return $"{method}\n{canonicalPath}\n{canonicalQuery}\n{string.Concat(sorted.Select(h => $"{h.Name}:{h.Value}\n"))}\n{signedHeaders}\n{Hex(SHA256.HashData(body))}";
    }

    public static string Signature(string canonicalRequest, string amzDate, string region, string service, string secretKey = SecretKey)
    {
        var day = amzDate[..8];
        var scope = $"{day}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { day, region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
