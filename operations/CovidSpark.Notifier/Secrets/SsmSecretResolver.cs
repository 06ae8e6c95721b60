using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace CovidSpark.Notifier.Secrets;

/// <summary>
/// Reads <c>ssm:</c> references from SSM Parameter Store with decryption, refusing parameters that are not SecureString, caching each value for
/// <see cref="CacheFor"/> so a warm Lambda does not call SSM per batch, yet a rotated URL is picked up.
/// </summary>
public sealed class SsmSecretResolver : ISecretResolver
{
    private readonly IAmazonSimpleSystemsManagement _ssm;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (SecretValue Value, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the resolver.</summary>
    public SsmSecretResolver(IAmazonSimpleSystemsManagement ssm, TimeProvider time, TimeSpan? cacheFor = null)
    {
        _ssm = ssm ?? throw new ArgumentNullException(nameof(ssm));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        CacheFor = cacheFor ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>How long a read value is reused.</summary>
    public TimeSpan CacheFor { get; }

    /// <inheritdoc />
    public async ValueTask<SecretValue> ReadAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Source != SecretSource.Ssm)
            throw new SecretUnavailableException(reference, "this resolver only reads ssm: references", isTransient: false);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(reference.Name, out var hit) && hit.Until > now) return hit.Value;
        string? value;
        try
        {
            var resp = await _ssm.GetParameterAsync(new GetParameterRequest { Name = reference.Name, WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            value = resp.Parameter?.Value;
            // A String parameter is readable by anyone with ssm:GetParameter and shows in the console and CloudTrail: refuse it.
            if (resp.Parameter is { } p && p.Type != ParameterType.SecureString)
                throw new SecretUnavailableException(reference,
                    $"the parameter is of type {p.Type?.Value ?? "(unknown)"}, but webhook URLs and tokens must be SecureString parameters (re-create it with --type SecureString)",
                    isTransient: false);
        }
        catch (ParameterNotFoundException)
        {
            throw new SecretUnavailableException(reference, "the parameter does not exist (or this role may not read it)", isTransient: false);
        }
        catch (AmazonServiceException e)
        {
            // The SDK's messages name the parameter, not its value; keep only the error code to be safe.
            var transient = e.StatusCode == System.Net.HttpStatusCode.TooManyRequests || (int)e.StatusCode >= 500 || e.ErrorCode == "ThrottlingException";
            throw new SecretUnavailableException(reference, $"SSM answered {e.ErrorCode ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}", transient);
        }
        catch (AmazonClientException)
        {
            throw new SecretUnavailableException(reference, "SSM could not be reached", isTransient: true);
        }
        if (string.IsNullOrWhiteSpace(value)) throw new SecretUnavailableException(reference, "the parameter is empty", isTransient: false);
        var secret = new SecretValue(value);
        _cache[reference.Name] = (secret, now + CacheFor);
        return secret;
    }
}
