namespace CovidSpark.Notifier.Secrets;

/// <summary>Dispatches a reference to the SSM or the environment resolver by its prefix.</summary>
public sealed class SecretResolver : ISecretResolver
{
    private readonly ISecretResolver? _ssm;
    private readonly ISecretResolver _environment;

    /// <summary>Creates the dispatcher; <paramref name="ssm"/> may be null where SSM is not available (then <c>ssm:</c> references fail clearly).</summary>
    public SecretResolver(ISecretResolver? ssm, ISecretResolver environment)
    {
        _ssm = ssm;
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
    }

    /// <inheritdoc />
    public ValueTask<SecretValue> ReadAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Source switch
        {
            SecretSource.Ssm when _ssm is not null => _ssm.ReadAsync(reference, cancellationToken),
            SecretSource.Ssm => throw new SecretUnavailableException(reference, "no SSM client is configured", isTransient: false),
            _ => _environment.ReadAsync(reference, cancellationToken),
        };
    }
}
