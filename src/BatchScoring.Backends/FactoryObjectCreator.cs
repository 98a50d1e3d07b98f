using DurableTask.Core;

namespace BatchScoring.Backends;

/// <summary>Creates a fresh orchestration or activity shim for every execution.</summary>
internal sealed class FactoryObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> factory;

    public FactoryObjectCreator(string name, Func<T> factory)
    {
        Name = name;
        Version = string.Empty;
        this.factory = factory;
    }

    public override T Create() => factory();
}
