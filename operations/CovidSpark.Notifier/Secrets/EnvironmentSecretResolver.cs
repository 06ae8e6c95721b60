namespace CovidSpark.Notifier.Secrets;

/// <summary>
/// Reads <c>env:</c> references from a variable lookup (the process environment by default; tests pass a dictionary).
/// </summary>
public sealed class EnvironmentSecretResolver : ISecretResolver
{
    private readonly Func<string, string?> _lookup;

    /// <summary>Creates a resolver over <paramref name="lookup"/>, or over the process environment when null.</summary>
    public EnvironmentSecretResolver(Func<string, string?>? lookup = null) => _lookup = lookup ?? Environment.GetEnvironmentVariable;

    /// <inheritdoc />
    public ValueTask<SecretValue> ReadAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Source != SecretSource.Environment)
            throw new SecretUnavailableException(reference, "this resolver only reads env: references", isTransient: false);
        var value = _lookup(reference.Name);
        if (string.IsNullOrWhiteSpace(value))
            throw new SecretUnavailableException(reference, "the environment variable is not set", isTransient: false);
        return ValueTask.FromResult(new SecretValue(value));
    }
}
