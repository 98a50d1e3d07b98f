namespace BatchScoring.Functions.HostTests;

/// <summary>
/// The keys a host generated: the master key (admin API), the default function key (the app's HTTP functions), and
/// the system keys of the blob extension (the Event Grid webhook) and of Durable (its management API).
/// </summary>
internal sealed record HostKeys(string Master, string Function, string BlobsExtension, string DurableTask)
{
    /// <summary>No keys read yet (or none needed: Core Tools checks none).</summary>
    public static HostKeys None { get; } = new("", "", "", "");
}
