using System.Globalization;
using System.Xml.Linq;
using Amazon.Runtime;

namespace CovidSpark.Rehearsal.Iam;

/// <summary>An IAM user in moto holding exactly one role's policies, and its access key.</summary>
/// <param name="Name">Function name (launcher, tracker, notifier, job) or <c>rehearsal</c> for the rehearsal's own setup and checks.</param>
/// <param name="Credentials">The user's access key.</param>
public sealed record LocalPrincipal(string Name, BasicAWSCredentials Credentials)
{
    /// <summary>The access key id.</summary>
    public string AccessKeyId => Credentials.GetCredentials().AccessKey;

    /// <summary>The secret key.</summary>
    public string SecretKey => Credentials.GetCredentials().SecretKey;
}

/// <summary>
/// IAM in moto_server: users whose inline policies are a role's documents, and the switch of moto's enforcement
/// (<c>/moto-api/reset-auth</c>: after it, every request must be signed by a known key and its action allowed by the caller's
/// policies — moto checks the action only, not the resource or conditions; <see cref="PolicyEvaluator"/> does those).
/// Users are created while enforcement is still off; <see cref="DisableEnforcementAsync"/> turns it off again for a shared moto.
/// </summary>
public sealed class LocalIam(Uri endpoint, string region, HttpClient http)
{
    /// <summary>Creates a user holding <paramref name="documents"/> as inline policies and returns its key.</summary>
    /// <exception cref="RehearsalException">moto refused a call (e.g. a policy document it finds invalid).</exception>
    public async Task<LocalPrincipal> CreateUserAsync(string name, string userName, IReadOnlyList<string> documents, CancellationToken ct)
    {
        await CallAsync("CreateUser", new() { ["UserName"] = userName }, ct).ConfigureAwait(false);
        for (var i = 0; i < documents.Count; i++)
            await CallAsync("PutUserPolicy", new() { ["UserName"] = userName, ["PolicyName"] = $"policy-{i}", ["PolicyDocument"] = documents[i] }, ct).ConfigureAwait(false);
        var key = await CallAsync("CreateAccessKey", new() { ["UserName"] = userName }, ct).ConfigureAwait(false);
        XNamespace ns = key.Root!.Name.Namespace;
        var id = key.Descendants(ns + "AccessKeyId").Single().Value;
        var secret = key.Descendants(ns + "SecretAccessKey").Single().Value;
        return new LocalPrincipal(name, new BasicAWSCredentials(id, secret));
    }

    /// <summary>From now on moto authenticates and authorises every request.</summary>
    public Task EnableEnforcementAsync(CancellationToken ct) => ResetAuthAsync("0", ct);

    /// <summary>moto accepts every request again (its default).</summary>
    public Task DisableEnforcementAsync(CancellationToken ct) => ResetAuthAsync("inf", ct);

    private async Task ResetAuthAsync(string count, CancellationToken ct)
    {
        using var content = new StringContent(count);
        using var resp = await http.PostAsync(new Uri(endpoint, "/moto-api/reset-auth"), content, ct).ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode) throw new RehearsalException("IAM", $"moto_server refused to switch IAM enforcement ({(int)resp.StatusCode}); moto 4 or later is needed");
    }

    private async Task<XDocument> CallAsync(string action, Dictionary<string, string> parameters, CancellationToken ct)
    {
        parameters["Action"] = action;
        parameters["Version"] = "2010-05-08";
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(parameters) };
        // moto routes by the credential scope's service; enforcement is still off, so the signature itself is not checked.
        var date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=rehearsal/{date}/{region}/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var resp = await http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode) throw new RehearsalException("IAM", $"moto_server refused {action}: {(int)resp.StatusCode} {text}");
        return XDocument.Parse(text);
    }
}
