using CovidSpark.Aws;
using CovidSpark.Lambda.Runtime;

namespace CovidSpark.Functions.Hosting;

/// <summary>Handler names (the function's <c>_HANDLER</c> setting) → factories. Immutable once built.</summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, Func<FunctionServices, IInvocationHandler>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a handler; returns the registry so registrations read one per line.</summary>
    /// <exception cref="ArgumentException">The name is already registered.</exception>
    public HandlerRegistry Add(string name, Func<FunctionServices, IInvocationHandler> factory)
    {
        if (!_factories.TryAdd(name, factory)) throw new ArgumentException($"handler '{name}' is registered twice", nameof(name));
        return this;
    }

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names => _factories.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Creates the handler named <paramref name="name"/>.</summary>
    /// <exception cref="UnknownHandlerException">No such handler.</exception>
    public IInvocationHandler Create(string? name, FunctionServices services) =>
        name is not null && _factories.TryGetValue(name.Trim(), out var factory) ? factory(services) : throw new UnknownHandlerException(name, Names);
}

/// <summary>The function's <c>_HANDLER</c> names no registered handler.</summary>
public sealed class UnknownHandlerException(string? name, IReadOnlyList<string> known)
    : CovidSparkOperationsException($"_HANDLER '{name}' is not a known handler; set it to one of: {string.Join(", ", known)}")
{
    public IReadOnlyList<string> Known { get; } = known;
}
