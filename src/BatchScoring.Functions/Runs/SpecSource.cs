using System.Text;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Options;
using BatchScoring.Storage;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Runs;

/// <summary>Reads run specs by name from the specs container and validates them.</summary>
public sealed class SpecSource(IBlobStore store, IOptions<BatchScoringOptions> options)
{
    /// <summary>The store path of a named spec: <c>{SpecsContainer}/{name}</c>.</summary>
    public string PathOf(string specName) => $"{options.Value.SpecsContainer}/{specName}";

    /// <summary>
    /// A named spec: <see cref="SpecLoad.Found"/> false when there is no such blob; otherwise the spec, or every problem
    /// with its JSON path (a blob larger than <c>BatchScoring__MaxRequestBodyBytes</c> is one problem).
    /// </summary>
    public async Task<SpecLoad> LoadAsync(string specName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specName);
        var path = PathOf(specName);
        if (!IsValidName(specName))
        {
            return new SpecLoad(path, false, null, []);
        }

        var info = await store.GetInfoAsync(path, cancellationToken);
        if (info is null)
        {
            return new SpecLoad(path, false, null, []);
        }

        if (info.Size > options.Value.MaxRequestBodyBytes)
        {
            return new SpecLoad(path, true, null, [new SpecError("$", $"the spec blob is {info.Size} bytes, more than BatchScoring__MaxRequestBodyBytes ({options.Value.MaxRequestBodyBytes})")]);
        }

        var json = Encoding.UTF8.GetString(await store.ReadAllBytesAsync(path, cancellationToken));
        var (spec, errors) = RunSpecSerializer.TryParse(json);
        return new SpecLoad(path, true, errors.Count == 0 ? spec : null, errors);
    }

    /// <summary>A blob name inside the specs container: no leading '/', no backslash, no '.' or '..' segment.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 1024 && !name.StartsWith('/') && !name.Contains('\\', StringComparison.Ordinal)
        && name.Split('/').All(segment => segment.Length > 0 && segment is not "." and not "..");
}
