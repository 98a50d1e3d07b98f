namespace BatchScoring.Core;

/// <summary>
/// An input is no longer the version the run planned (its ETag; locally its size, write and change times): edited,
/// truncated, replaced or deleted since planning, or while it was read. Retrying cannot help (every try would read the
/// new version, or mix it with what other mini-batches read of the old one), so the run fails at once with this
/// message, which names the file and what changed.
/// </summary>
public sealed class InputChangedException : BatchScoringException
{
    public InputChangedException(string path, string change)
        : base($"Input '{path}' changed since the run planned it: {change}. The run stops rather than mix versions or lose rows; run it again to score the input as it is now.")
    {
        Path = path;
    }

    public InputChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
    }

    public InputChangedException()
        : this("The input changed since the run planned it.", new InvalidOperationException())
    {
    }

    public InputChangedException(string message)
        : this(message, new InvalidOperationException(message))
    {
    }

    /// <summary>The input at <paramref name="path"/> is gone: <paramref name="innerException"/> is how the store said so.</summary>
    public static InputChangedException Deleted(string path, Exception innerException) =>
        new($"Input '{path}' changed since the run planned it: it was deleted. The run stops; run it again to score the inputs as they are now.", innerException, path);

    private InputChangedException(string message, Exception innerException, string path)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The input's store path, where known.</summary>
    public string Path { get; }
}
