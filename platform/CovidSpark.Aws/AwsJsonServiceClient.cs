using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Aws;

/// <summary>
/// Base of the typed clients over <see cref="AwsJsonClient"/> (EMR, Glue): holds the JSON client of one service, checks it
/// speaks that service, and sends operations through it. A service keeps only its operations, and turns service errors into
/// its typed exceptions by overriding <see cref="TranslateError"/>.
/// </summary>
public abstract class AwsJsonServiceClient
{
    /// <summary>Wraps an existing JSON client.</summary>
    /// <exception cref="ArgumentException"><paramref name="client"/> was built for another service than <paramref name="service"/>.</exception>
    protected AwsJsonServiceClient(AwsServiceDescriptor service, AwsJsonClient client)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(client);
        if (client.Service.TargetPrefix != service.TargetPrefix)
            throw new ArgumentException($"the JSON client speaks {client.Service.TargetPrefix}, not {service.TargetPrefix}", nameof(client));
        Client = client;
    }

    /// <summary>Creates the JSON client of <paramref name="service"/> from options (region, endpoint, credentials).</summary>
    /// <exception cref="AwsConfigurationException">No region, an invalid endpoint override or an unknown profile.</exception>
    protected AwsJsonServiceClient(AwsServiceDescriptor service, HttpClient http, AwsClientOptions? options, ILogger? logger)
        : this(service, new AwsJsonClient(service, http, options, logger)) { }

    /// <summary>The endpoint calls go to.</summary>
    public Uri Endpoint => Client.Endpoint;

    /// <summary>The signed JSON client calls go through.</summary>
    protected AwsJsonClient Client { get; }

    /// <summary>Calls one operation (see <see cref="AwsJsonClient.SendAsync{TRequest, TResponse}"/>), with service errors through <see cref="TranslateError"/>.</summary>
    protected async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, bool idempotent = true)
    {
        try
        {
            return await Client.SendAsync(operation, request, requestType, responseType, cancellationToken, idempotent).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (TranslateError(e) is { } typed)
        {
            throw typed;
        }
    }

    /// <summary>The service's own exception for a service error, or null to let <see cref="AwsServiceException"/> through.</summary>
    protected virtual Exception? TranslateError(AwsServiceException error) => null;
}
